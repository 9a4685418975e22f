using System.Security.Cryptography;
using Accelerate.ModelFiles.Inspection;
using Accelerate.Manifest;
using Accelerate.Manifest.Signatures;
using static Accelerate.ModelFiles.Tests.Inspection.Onnx;

namespace Accelerate.ModelFiles.Tests.Inspection;

/// <summary>Tiny models written byte by byte, covering what the real models do not.</summary>
public sealed class OnnxSignatureReaderSyntheticTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ProtoWriter OneOutput => Value("y", TensorType(DataType.Float, [1]));

    private ModelSignature ReadGraph(IEnumerable<ProtoWriter> inputs, IEnumerable<ProtoWriter>? outputs = null) =>
        OnnxSignatureReader.Read(_folder.Write(Model(Graph(inputs, outputs ?? [OneOutput]))));

    private TensorSignature ReadInput(ProtoWriter? type) => Assert.Single(ReadGraph([Value("x", type)]).Inputs);

    [Fact]
    public void Header_fields_opsets_and_metadata_are_read_in_file_order()
    {
        var model = Model(
            Graph([Value("x", TensorType(DataType.Float, [1]))], [OneOutput], name: "tiny", docString: "Graph docs are not part of the signature."),
            irVersion: 9,
            producerName: "unit-test",
            producerVersion: "1.2.3",
            domain: "com.example",
            modelVersion: 42,
            docString: "A model *doc string*.",
            opsets: [("", 17), ("com.microsoft", 1), ("ai.onnx.ml", 3)],
            metadata: [("zeta", "last letter"), ("alpha", "first letter"), ("", "empty key")]);
        var bytes = model.ToArray();

        var signature = OnnxSignatureReader.Read(_folder.Write(bytes));

        Assert.Equal(9, signature.IrVersion);
        Assert.Equal("unit-test", signature.ProducerName);
        Assert.Equal("1.2.3", signature.ProducerVersion);
        Assert.Equal("com.example", signature.Domain);
        Assert.Equal(42, signature.ModelVersion);
        Assert.Equal("A model *doc string*.", signature.DocString);
        Assert.Equal("tiny", signature.GraphName);
        Assert.Equal([new("", 17), new("com.microsoft", 1), new OpsetImport("ai.onnx.ml", 3)], signature.Opsets);
        Assert.Equal([new("zeta", "last letter"), new("alpha", "first letter"), new MetadataEntry("", "empty key")], signature.Metadata);
        Assert.Equal(bytes.Length, signature.SizeBytes);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), signature.Sha256);
        Assert.Equal(ModelSignature.CurrentFormatVersion, signature.FormatVersion);
        Assert.Equal("", signature.ManifestPath);
        Assert.Equal("", signature.ModelFile);
        Assert.Null(signature.VocabFile);
    }

    [Fact]
    public void Dimensions_are_fixed_symbolic_or_unknown()
    {
        var input = ReadInput(TensorType(DataType.Float, ["batch", 3, null, 224L, ""]));

        Assert.Equal(
            [new(null, "batch"), new(3, null), new(null, null), new(224, null), new Dimension(null, null)],
            input.Shape!.Value);
        Assert.Equal("batch,3,?,224,?", string.Join(",", input.Shape.Value));
    }

    [Fact]
    public void A_scalar_has_an_empty_shape_and_a_tensor_without_shape_has_none()
    {
        var signature = ReadGraph([Value("scalar", TensorType(DataType.Float, [])), Value("any_rank", TensorType(DataType.Float, null))]);

        Assert.Equal(new TensorSignature("scalar", "tensor", "float", EquatableArray<Dimension>.Empty, ""), signature.Inputs[0]);
        Assert.Equal(new TensorSignature("any_rank", "tensor", "float", null, ""), signature.Inputs[1]);
    }

    [Fact]
    public void Inputs_backed_by_initializers_are_not_inputs()
    {
        // IR versions before 4 listed every weight as a graph input as well as an initializer.
        var graph = Graph(
            [
                Value("weight", TensorType(DataType.Float, [1024])),
                Value("x", TensorType(DataType.Float, ["n"])),
                Value("sparse_weight", TensorType(DataType.Float, [1024])),
                Value("bias", TensorType(DataType.Float, [1024])),
            ],
            [OneOutput],
            initializers: ["weight", "bias", "unused"],
            sparseInitializers: ["sparse_weight"]);

        var signature = OnnxSignatureReader.Read(_folder.Write(Model(graph, irVersion: 3)));

        Assert.Equal(["x"], signature.Inputs.Select(i => i.Name));
        Assert.Equal(["y"], signature.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void Element_types_are_lower_case_onnx_names()
    {
        var signature = ReadGraph(
            [
                Value("half", TensorType(DataType.Float16, [2])),
                Value("flag", TensorType(DataType.Bool, [2])),
                Value("text", TensorType(DataType.String, [2])),
                Value("pixels", TensorType(DataType.UInt8, [2])),
                Value("precise", TensorType(DataType.Double, [2])),
                Value("brain", TensorType(DataType.BFloat16, [2])),
                Value("future", TensorType(99, [2])),
                Value("unset", TensorType(0, [2])),
            ],
            [Value("ids", TensorType(DataType.Int64, [2]))]);

        Assert.Equal(
            ["float16", "bool", "string", "uint8", "double", "bfloat16", "unknown(99)", "undefined"],
            signature.Inputs.Select(i => i.ElementType));
        Assert.Equal("int64", Assert.Single(signature.Outputs).ElementType);
    }

    [Theory]
    [InlineData(0, "undefined")]
    [InlineData(1, "float")]
    [InlineData(2, "uint8")]
    [InlineData(3, "int8")]
    [InlineData(4, "uint16")]
    [InlineData(5, "int16")]
    [InlineData(6, "int32")]
    [InlineData(7, "int64")]
    [InlineData(8, "string")]
    [InlineData(9, "bool")]
    [InlineData(10, "float16")]
    [InlineData(11, "double")]
    [InlineData(12, "uint32")]
    [InlineData(13, "uint64")]
    [InlineData(14, "complex64")]
    [InlineData(15, "complex128")]
    [InlineData(16, "bfloat16")]
    [InlineData(17, "float8e4m3fn")]
    [InlineData(18, "float8e4m3fnuz")]
    [InlineData(19, "float8e5m2")]
    [InlineData(20, "float8e5m2fnuz")]
    [InlineData(21, "uint4")]
    [InlineData(22, "int4")]
    [InlineData(23, "float4e2m1")]
    [InlineData(24, "float8e8m0")]
    [InlineData(25, "uint2")]
    [InlineData(26, "int2")]
    [InlineData(27, "unknown(27)")]
    [InlineData(-1, "unknown(-1)")]
    public void Element_type_numbers_follow_onnx_proto(int dataType, string name) =>
        Assert.Equal(name, OnnxSignatureReader.ElementTypeName(dataType));

    [Fact]
    public void Doc_strings_of_inputs_and_outputs_are_kept()
    {
        var signature = ReadGraph(
            [Value("x", TensorType(DataType.Float, [1]), docString: "Pixels, 0–255.")],
            [Value("y", TensorType(DataType.Float, [1]), docString: "Logits.\nNot probabilities.")]);

        Assert.Equal("Pixels, 0–255.", signature.Inputs[0].DocString);
        Assert.Equal("Logits.\nNot probabilities.", signature.Outputs[0].DocString);
    }

    [Fact]
    public void Non_tensor_values_report_their_kind_without_element_type()
    {
        var signature = ReadGraph(
            [
                Value("seq", SequenceType(TensorType(DataType.Float, ["n"]))),
                Value("map", MapType(DataType.String, TensorType(DataType.Float, []))),
                Value("opt", OptionalType(TensorType(DataType.Int64, [1]))),
                Value("sparse", SparseTensorType(DataType.Float, [10, 10])),
                Value("opaque", OpaqueType("com.example", "Thing")),
                Value("untyped", null),
                Value("empty_type", new ProtoWriter()),
            ]);

        Assert.Equal(
            [
                new("seq", "sequence", null, null, ""),
                new("map", "map", null, null, ""),
                new("opt", "optional", null, null, ""),
                new("sparse", "sparse_tensor", "float", new[] { new Dimension(10, null), new Dimension(10, null) }.ToEquatableArray(), ""),
                new("opaque", "unknown", null, null, ""),
                new("untyped", "unknown", null, null, ""),
                new TensorSignature("empty_type", "unknown", null, null, ""),
            ],
            signature.Inputs);
    }

    [Fact]
    public void The_last_member_of_the_type_oneof_wins()
    {
        var type = new ProtoWriter()
            .Message(1, new ProtoWriter().Varint(1, DataType.Float))
            .Message(4, new ProtoWriter().Message(1, TensorType(DataType.Float, [])))
            .Message(1, new ProtoWriter().Varint(1, DataType.Int64).Message(2, new ProtoWriter().Message(1, new ProtoWriter().Varint(1, 5))));

        Assert.Equal(new TensorSignature("x", "tensor", "int64", new[] { new Dimension(5, null) }.ToEquatableArray(), ""), ReadInput(type));
    }

    [Fact]
    public void Unknown_fields_and_wire_types_are_skipped_at_every_level()
    {
        ProtoWriter Noise() => new ProtoWriter()
            .Varint(99, 123456789012)
            .Fixed32(98, 0xDEADBEEF)
            .Fixed64(97, ulong.MaxValue)
            .Bytes(96, new byte[5000])
            .Group(95, new ProtoWriter().Varint(1, 1).String(2, "inside a group"));

        var shape = Noise()
            .Message(1, Noise().Varint(1, 7).String(3, "DATA_BATCH"))
            .Message(1, Noise().String(2, "seq"));
        var tensor = Noise().Varint(1, DataType.Float).Message(2, shape);
        var type = Noise().Message(1, tensor).String(6, "IMAGE");
        var input = Noise().String(1, "x").Message(2, type).String(3, "doc");
        var graph = Noise()
            .Varint(11, 5) // a known field number with the wrong wire type
            .String(2, "g")
            .Message(11, input)
            .Message(12, Noise().String(1, "y"))
            .Message(14, new ProtoWriter().String(1, "quantization annotation"));
        var model = Noise()
            .Varint(2, 5) // producer_name as a varint: not a string, so skipped
            .Varint(1, 8)
            .String(2, "p")
            .Message(7, graph)
            .Message(8, Noise().Varint(2, 11))
            .Message(20, new ProtoWriter().Message(1, graph)) // training_info holds graphs too
            .Message(25, new ProtoWriter().String(1, "a function"));

        var signature = OnnxSignatureReader.Read(_folder.Write(model));

        Assert.Equal(8, signature.IrVersion);
        Assert.Equal("p", signature.ProducerName);
        Assert.Equal("g", signature.GraphName);
        Assert.Equal([new OpsetImport("", 11)], signature.Opsets);
        Assert.Equal(
            new TensorSignature("x", "tensor", "float", new[] { new Dimension(7, null), new Dimension(null, "seq") }.ToEquatableArray(), "doc"),
            Assert.Single(signature.Inputs));
        Assert.Equal(new TensorSignature("y", "unknown", null, null, ""), Assert.Single(signature.Outputs));
    }

    [Fact]
    public void Input_and_output_order_is_kept()
    {
        var names = Enumerable.Range(0, 20).Select(i => $"in_{19 - i}").ToArray();

        var signature = ReadGraph(names.Select(n => Value(n, TensorType(DataType.Float, [1]))), [Value("b", null), Value("a", null)]);

        Assert.Equal(names, signature.Inputs.Select(i => i.Name));
        Assert.Equal(["b", "a"], signature.Outputs.Select(o => o.Name));
    }

    [Fact]
    public void A_model_without_inputs_is_valid()
    {
        var signature = ReadGraph([]);

        Assert.Empty(signature.Inputs);
        Assert.Single(signature.Outputs);
    }
}
