using Accelerate.Manifest.Signatures;

namespace Accelerate.Manifest.Tests;

/// <summary>The signature file the inspection task writes and the generator reads.</summary>
public sealed class ModelSignatureJsonTests
{
    // Exactly what the build wrote for all-MiniLM-L6-v2 (samples/SentenceEmbeddings), manifest path shortened.
    private const string MiniLmSignature = """
        {
          "formatVersion": 1,
          "manifestPath": "/repo/app/models/MiniLm.model.json",
          "modelFile": "models/MiniLm/model.onnx",
          "vocabFile": "models/MiniLm/vocab.txt",
          "sha256": "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
          "sizeBytes": 90893304,
          "irVersion": 7,
          "producerName": "pytorch",
          "producerVersion": "1.10",
          "domain": "",
          "modelVersion": 0,
          "docString": "",
          "graphName": "torch-jit-export",
          "opsets": [ { "domain": "", "version": 13 } ],
          "metadata": [],
          "inputs": [
            { "name": "input_ids", "kind": "tensor", "elementType": "int64", "shape": [ "batch", "sequence" ], "docString": "" },
            { "name": "attention_mask", "kind": "tensor", "elementType": "int64", "shape": [ "batch", "sequence" ], "docString": "" },
            { "name": "token_type_ids", "kind": "tensor", "elementType": "int64", "shape": [ "batch", "sequence" ], "docString": "" }
          ],
          "outputs": [
            { "name": "last_hidden_state", "kind": "tensor", "elementType": "float", "shape": [ "batch", "sequence", "Addlast_hidden_state_dim_2" ], "docString": "" },
            { "name": "924", "kind": "tensor", "elementType": "float", "shape": [ "Tanh924_dim_0", 384 ], "docString": "" }
          ]
        }
        """;

    [Fact]
    public void Reads_a_signature_written_by_the_build()
    {
        var signature = ModelSignatureJson.Read(MiniLmSignature);

        Assert.Equal("/repo/app/models/MiniLm.model.json", signature.ManifestPath);
        Assert.Equal("models/MiniLm/vocab.txt", signature.VocabFile);
        Assert.Equal(90893304, signature.SizeBytes);
        Assert.Equal(7, signature.IrVersion);
        Assert.Equal("pytorch", signature.ProducerName);
        Assert.Equal([new OpsetImport("", 13)], signature.Opsets);
        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], signature.Inputs.Select(i => i.Name));
        var pooled = signature.Outputs[1];
        Assert.Equal(new TensorSignature("924", "tensor", "float", new([new Dimension(null, "Tanh924_dim_0"), new Dimension(384, null)]), ""), pooled);
        Assert.Equal("Tanh924_dim_0", pooled.Shape!.Value[0].ToString());
        Assert.True(pooled.Shape!.Value[1].IsFixed);
    }

    [Fact]
    public void Write_then_read_gives_an_equal_signature()
    {
        var signature = new ModelSignature
        {
            ManifestPath = "C:/src/app/models/ResNet18.model.json",
            ModelFile = "models/ResNet18/model.onnx",
            Sha256 = new string('a', 64),
            SizeBytes = 46_800_000,
            IrVersion = 3,
            ProducerName = "CNTK",
            ProducerVersion = "2.5.1",
            Domain = "ai.cntk",
            ModelVersion = 1,
            DocString = "ResNet18 \"featurizer\"\nsecond line",
            GraphName = "CNTKGraph",
            Opsets = new([new OpsetImport("", 8), new OpsetImport("ai.onnx.ml", 1)]),
            Metadata = new([new MetadataEntry("author", "ML.NET")]),
            Inputs = new([new TensorSignature("Input247", "tensor", "float", new([new(1, null), new(3, null), new(224, null), new(224, null)]), "")]),
            Outputs = new([
                new TensorSignature("Pooling395_Output_0", "tensor", "float", new([new(1, null), new(512, null), new(1, null), new(1, null)]), ""),
                new TensorSignature("unknown_shape", "tensor", "string", null, "no shape"),
                new TensorSignature("seq", "sequence", null, null, ""),
                new TensorSignature("anonymous_dim", "tensor", "float16", new([new(null, null)]), ""),
            ]),
        };

        var text = ModelSignatureJson.Write(signature);

        Assert.Equal(signature, ModelSignatureJson.Read(text));
        Assert.Null(ModelSignatureJson.Read(text).VocabFile);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{ "formatVersion": 2 }""")]
    [InlineData("""{ "formatVersion": "1" }""")]
    [InlineData("""{ "formatVersion": 1.5 }""")]
    [InlineData("""{ "formatVersion": 1, "manifestPath": 5 }""")]
    public void Malformed_signature_text_is_a_format_exception(string text)
    {
        Assert.Throws<FormatException>(() => ModelSignatureJson.Read(text));
    }

    [Theory]
    [InlineData("\"inputs\": {}")]
    [InlineData("\"inputs\": [ { \"name\": \"x\" } ]")]
    [InlineData("\"inputs\": [ { \"name\": \"x\", \"kind\": \"tensor\", \"elementType\": \"float\", \"shape\": [1.5], \"docString\": \"\" } ]")]
    [InlineData("\"inputs\": [ { \"name\": \"x\", \"kind\": \"tensor\", \"elementType\": \"float\", \"shape\": [99999999999999999999], \"docString\": \"\" } ]")]
    [InlineData("\"inputs\": [ { \"name\": 1, \"kind\": \"tensor\", \"elementType\": \"float\", \"shape\": [], \"docString\": \"\" } ]")]
    public void Malformed_tensor_lists_are_format_exceptions(string inputs)
    {
        var text = MiniLmSignature.Replace(MiniLmSignature.Substring(
            MiniLmSignature.IndexOf("\"inputs\"", StringComparison.Ordinal),
            MiniLmSignature.IndexOf("\"outputs\"", StringComparison.Ordinal) - MiniLmSignature.IndexOf("\"inputs\"", StringComparison.Ordinal)), inputs + ",\n", StringComparison.Ordinal);

        Assert.Throws<FormatException>(() => ModelSignatureJson.Read(text));
    }
}
