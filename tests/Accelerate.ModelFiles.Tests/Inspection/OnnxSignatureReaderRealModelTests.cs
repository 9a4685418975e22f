using System.Security.Cryptography;
using Accelerate.ModelFiles.Inspection;
using Accelerate.Manifest;
using Accelerate.Manifest.Signatures;
using RealModels = Accelerate.TestModels.TestModels;

namespace Accelerate.ModelFiles.Tests.Inspection;

/// <summary>Signatures of the real models the product targets, as their files actually declare them.</summary>
public sealed class OnnxSignatureReaderRealModelTests
{
    private static readonly Dimension Batch = new(null, "batch");
    private static readonly Dimension Sequence = new(null, "sequence");

    [Fact]
    public void MiniLm_has_three_int64_token_inputs_with_symbolic_batch_and_sequence()
    {
        var signature = OnnxSignatureReader.Read(RealModels.MiniLmModelPath);

        Assert.Equal(["input_ids", "attention_mask", "token_type_ids"], signature.Inputs.Select(i => i.Name));
        Assert.All(signature.Inputs, input =>
        {
            Assert.Equal("tensor", input.Kind);
            Assert.Equal("int64", input.ElementType);
            Assert.Equal([Batch, Sequence], input.Shape!.Value);
            Assert.Equal("", input.DocString);
        });
    }

    [Fact]
    public void MiniLm_outputs_are_declared_with_exporter_named_dims()
    {
        var signature = OnnxSignatureReader.Read(RealModels.MiniLmModelPath);

        // The PyTorch exporter left the hidden size of last_hidden_state symbolic ("Addlast_hidden_state_dim_2"),
        // although it is 384 at run time; only the pooler output "924" declares 384 as a fixed size.
        Assert.Equal(2, signature.Outputs.Count);
        var hidden = signature.Outputs[0];
        Assert.Equal(new TensorSignature("last_hidden_state", "tensor", "float",
            new[] { Batch, Sequence, new Dimension(null, "Addlast_hidden_state_dim_2") }.ToEquatableArray(), ""), hidden);
        var pooled = signature.Outputs[1];
        Assert.Equal(new TensorSignature("924", "tensor", "float",
            new[] { new Dimension(null, "Tanh924_dim_0"), new Dimension(384, null) }.ToEquatableArray(), ""), pooled);
        Assert.True(pooled.Shape!.Value[1].IsFixed);
    }

    [Fact]
    public void MiniLm_header_opsets_and_file_identity()
    {
        var path = RealModels.MiniLmModelPath;

        var signature = OnnxSignatureReader.Read(path);

        Assert.Equal(7, signature.IrVersion);
        Assert.Equal("pytorch", signature.ProducerName);
        Assert.Equal("1.10", signature.ProducerVersion);
        Assert.Equal("", signature.Domain);
        Assert.Equal(0, signature.ModelVersion);
        Assert.Equal("", signature.DocString);
        Assert.Equal("torch-jit-export", signature.GraphName);
        Assert.Equal([new OpsetImport("", 13)], signature.Opsets);
        Assert.Empty(signature.Metadata);
        Assert.Equal(new FileInfo(path).Length, signature.SizeBytes);
        Assert.Equal(90_893_304, signature.SizeBytes);
        Assert.Equal("4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2", signature.Sha256);
        using (var file = File.OpenRead(path))
        {
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), signature.Sha256);
        }
        Assert.Equal("", signature.ManifestPath);
        Assert.Equal("", signature.ModelFile);
        Assert.Null(signature.VocabFile);
        Assert.Equal(signature, OnnxSignatureReader.Read(path));
    }

    [Fact]
    public void MiniLm_is_read_without_loading_its_weights()
    {
        var path = RealModels.MiniLmModelPath;
        OnnxSignatureReader.Read(path); // JIT and type loading are not what this test measures.

        var before = GC.GetAllocatedBytesForCurrentThread();
        OnnxSignatureReader.Read(path);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated < 16 * 1024 * 1024, $"Reading the 91 MB model allocated {allocated:N0} bytes.");
    }

    [Fact]
    public void MiniLm_signature_survives_the_json_round_trip()
    {
        var signature = OnnxSignatureReader.Read(RealModels.MiniLmModelPath) with
        {
            ManifestPath = "/repo/models/MiniLm.model.json",
            ModelFile = "models/MiniLm.onnx",
            VocabFile = "models/MiniLm.vocab.txt",
        };

        var roundTripped = ModelSignatureJson.Read(ModelSignatureJson.Write(signature));

        Assert.Equal(signature, roundTripped);
    }

    [Fact]
    public void ResNet18_maps_one_image_to_512_features()
    {
        var signature = OnnxSignatureReader.Read(RealModels.ResNet18Path);

        Assert.Equal(3, signature.IrVersion);
        Assert.Equal("CNTK", signature.ProducerName);
        Assert.Equal("2.6", signature.ProducerVersion);
        Assert.Equal("ai.cntk", signature.Domain);
        Assert.Equal(1, signature.ModelVersion);
        Assert.Equal("CNTKGraph", signature.GraphName);
        Assert.Equal([new OpsetImport("", 8)], signature.Opsets);
        Assert.Equal([new TensorSignature("Input247", "tensor", "float", Fixed(1, 3, 224, 224), "")], signature.Inputs);
        Assert.Equal([new TensorSignature("Pooling395_Output_0", "tensor", "float", Fixed(1, 512, 1, 1), "")], signature.Outputs);
        Assert.Equal(63_653_533, signature.SizeBytes);
        Assert.Equal("e2552f19db2dfdb01b3669537b6a0f1b44da38d18279535492ed5dfc2ef1ff8f", signature.Sha256);
    }

    [Fact]
    public void ResNetPreprocess_keeps_the_image_shape()
    {
        var signature = OnnxSignatureReader.Read(RealModels.ResNet18PreprocessPath);

        Assert.Equal(3, signature.IrVersion);
        Assert.Equal("TLC", signature.ProducerName);
        Assert.Equal("resnet_input_preprocess", signature.GraphName);
        Assert.Equal([new OpsetImport("", 8)], signature.Opsets);
        Assert.Equal([new TensorSignature("OriginalInput", "tensor", "float", Fixed(1, 3, 224, 224), "")], signature.Inputs);
        Assert.Equal([new TensorSignature("PreprocessedInput", "tensor", "float", Fixed(1, 3, 224, 224), "")], signature.Outputs);
        Assert.Equal(602_584, signature.SizeBytes);
    }

    private static EquatableArray<Dimension> Fixed(params long[] dims) =>
        dims.Select(d => new Dimension(d, null)).ToEquatableArray();
}
