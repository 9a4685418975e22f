using Google.Protobuf;

namespace Accelerate.ModelFiles.Tests.Inspection;

/// <summary>
/// Writes protocol buffer fields one by one, so a test can spell out exactly the bytes it needs —
/// including ones no ONNX exporter would write (unknown fields, wrong wire types, groups).
/// </summary>
internal sealed class ProtoWriter
{
    private readonly MemoryStream _bytes = new();
    private readonly CodedOutputStream _output;

    public ProtoWriter() => _output = new CodedOutputStream(_bytes, leaveOpen: true);

    public ProtoWriter Varint(int field, long value)
    {
        _output.WriteTag(field, WireFormat.WireType.Varint);
        _output.WriteInt64(value);
        return this;
    }

    public ProtoWriter Fixed32(int field, uint value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed32);
        _output.WriteFixed32(value);
        return this;
    }

    public ProtoWriter Fixed64(int field, ulong value)
    {
        _output.WriteTag(field, WireFormat.WireType.Fixed64);
        _output.WriteFixed64(value);
        return this;
    }

    public ProtoWriter String(int field, string value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteString(value);
        return this;
    }

    public ProtoWriter Bytes(int field, byte[] value)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteBytes(ByteString.CopyFrom(value));
        return this;
    }

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    /// <summary>A (deprecated) protobuf group holding <paramref name="content"/>.</summary>
    public ProtoWriter Group(int field, ProtoWriter content)
    {
        _output.WriteTag(field, WireFormat.WireType.StartGroup);
        _output.Flush();
        _bytes.Write(content.ToArray());
        _output.WriteTag(field, WireFormat.WireType.EndGroup);
        return this;
    }

    /// <summary>A tag and a length prefix with no bytes behind it (for lying-length tests).</summary>
    public ProtoWriter LengthOnly(int field, uint claimedLength)
    {
        _output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        _output.WriteUInt32(claimedLength);
        return this;
    }

    public byte[] ToArray()
    {
        _output.Flush();
        return _bytes.ToArray();
    }
}

/// <summary>onnx.TensorProto.DataType numbers used by the tests.</summary>
internal static class DataType
{
    public const int Float = 1;
    public const int UInt8 = 2;
    public const int Int64 = 7;
    public const int String = 8;
    public const int Bool = 9;
    public const int Float16 = 10;
    public const int Double = 11;
    public const int BFloat16 = 16;
}

/// <summary>Builders for the onnx.proto messages the signature reader looks at (field numbers from onnx/onnx.proto).</summary>
internal static class Onnx
{
    /// <summary>A ModelProto; empty strings and a null IR version are left out of the bytes.</summary>
    public static ProtoWriter Model(
        ProtoWriter? graph,
        long? irVersion = 8,
        string producerName = "",
        string producerVersion = "",
        string domain = "",
        long modelVersion = 0,
        string docString = "",
        IEnumerable<(string Domain, long Version)>? opsets = null,
        IEnumerable<(string Key, string Value)>? metadata = null)
    {
        var model = new ProtoWriter();
        if (irVersion is { } ir) model.Varint(1, ir);
        if (producerName != "") model.String(2, producerName);
        if (producerVersion != "") model.String(3, producerVersion);
        if (domain != "") model.String(4, domain);
        if (modelVersion != 0) model.Varint(5, modelVersion);
        if (docString != "") model.String(6, docString);
        if (graph is not null) model.Message(7, graph);
        foreach (var (opsetDomain, version) in opsets ?? [("", 17)])
        {
            var opset = new ProtoWriter();
            if (opsetDomain != "") opset.String(1, opsetDomain);
            model.Message(8, opset.Varint(2, version));
        }
        foreach (var (key, value) in metadata ?? [])
        {
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        }
        return model;
    }

    /// <summary>
    /// A GraphProto. It always carries one node and one value_info entry, which the reader must skip;
    /// each initializer carries 4 KB of raw data so skipping crosses the reader's buffer boundary.
    /// </summary>
    public static ProtoWriter Graph(
        IEnumerable<ProtoWriter> inputs,
        IEnumerable<ProtoWriter> outputs,
        string name = "graph",
        string docString = "",
        IEnumerable<string>? initializers = null,
        IEnumerable<string>? sparseInitializers = null)
    {
        var graph = new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, "x").String(2, "y").String(4, "Identity"))
            .String(2, name);
        foreach (var initializer in initializers ?? [])
        {
            graph.Message(5, Initializer(initializer));
        }
        foreach (var sparse in sparseInitializers ?? [])
        {
            graph.Message(15, new ProtoWriter().Message(1, Initializer(sparse)).Message(2, new ProtoWriter().Varint(1, 1).Varint(2, DataType.Int64)).Varint(3, 1024));
        }
        if (docString != "") graph.String(10, docString);
        foreach (var input in inputs) graph.Message(11, input);
        foreach (var output in outputs) graph.Message(12, output);
        return graph.Message(13, Value("y", TensorType(DataType.Float, [1])));
    }

    /// <summary>A TensorProto named <paramref name="name"/> with 1024 floats of raw data.</summary>
    public static ProtoWriter Initializer(string name) =>
        new ProtoWriter().Varint(1, 1024).Varint(2, DataType.Float).Bytes(9, new byte[4096]).String(8, name);

    /// <summary>A ValueInfoProto; a null type leaves the type field out.</summary>
    public static ProtoWriter Value(string name, ProtoWriter? type, string docString = "")
    {
        var value = new ProtoWriter().String(1, name);
        if (type is not null) value.Message(2, type);
        if (docString != "") value.String(3, docString);
        return value;
    }

    /// <summary>
    /// A TypeProto holding a tensor type. <paramref name="shape"/>: null writes no shape field, an empty array a
    /// scalar shape; each entry is a fixed size (int or long), a symbolic name (string) or unknown (null).
    /// </summary>
    public static ProtoWriter TensorType(int elemType, object?[]? shape) => new ProtoWriter().Message(1, TensorBody(elemType, shape));

    /// <summary>A TypeProto holding a sparse tensor type (same body as a tensor type).</summary>
    public static ProtoWriter SparseTensorType(int elemType, object?[]? shape) => new ProtoWriter().Message(8, TensorBody(elemType, shape));

    /// <summary>A TypeProto holding a sequence of <paramref name="element"/>.</summary>
    public static ProtoWriter SequenceType(ProtoWriter element) => new ProtoWriter().Message(4, new ProtoWriter().Message(1, element));

    /// <summary>A TypeProto holding a map from <paramref name="keyType"/> to <paramref name="valueType"/>.</summary>
    public static ProtoWriter MapType(int keyType, ProtoWriter valueType) => new ProtoWriter().Message(5, new ProtoWriter().Varint(1, keyType).Message(2, valueType));

    /// <summary>A TypeProto holding an optional <paramref name="element"/>.</summary>
    public static ProtoWriter OptionalType(ProtoWriter element) => new ProtoWriter().Message(9, new ProtoWriter().Message(1, element));

    /// <summary>A TypeProto holding an opaque type.</summary>
    public static ProtoWriter OpaqueType(string domain, string name) => new ProtoWriter().Message(7, new ProtoWriter().String(1, domain).String(2, name));

    private static ProtoWriter TensorBody(int elemType, object?[]? shape)
    {
        var tensor = new ProtoWriter().Varint(1, elemType);
        if (shape is null) return tensor;
        var shapeMessage = new ProtoWriter();
        foreach (var dim in shape)
        {
            shapeMessage.Message(1, dim switch
            {
                int value => new ProtoWriter().Varint(1, value),
                long value => new ProtoWriter().Varint(1, value),
                string param => new ProtoWriter().String(2, param),
                null => new ProtoWriter(),
                _ => throw new ArgumentException($"Unsupported dimension {dim}.", nameof(shape)),
            });
        }
        return tensor.Message(2, shapeMessage);
    }
}

/// <summary>A temporary folder for model files a test writes; deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("accelerate-onnx-").FullName;

    public string Write(byte[] bytes, string name = "model.onnx")
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public string Write(ProtoWriter model, string name = "model.onnx") => Write(model.ToArray(), name);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
