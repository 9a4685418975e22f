using Accelerate.Generators.Tests.Support;
using Accelerate.Manifest.Signatures;
using Microsoft.CodeAnalysis;
using static Accelerate.Generators.Tests.Support.TestModels;

namespace Accelerate.Generators.Tests;

/// <summary>Whatever names, shapes and texts a model carries, the generated code compiles without errors or warnings.</summary>
public sealed class GeneratedCodeRobustnessTests
{
    private const string ProbeManifest = """{ "name": "Probe", "task": "tensor", "source": { "path": "probe.onnx" } }""";
    private static readonly string ProbePath = ManifestPath("probe.model.json");

    private static ModelSignature Probe(TensorSignature[] inputs, TensorSignature[] outputs, string docString = "") => new()
    {
        ManifestPath = ProbePath,
        ModelFile = "models/Probe/model.onnx",
        Sha256 = new string('1', 64),
        DocString = docString,
        Inputs = new(inputs),
        Outputs = new(outputs),
    };

    private static readonly TensorSignature Plain = Tensor("y", "float", 1L);

    private static readonly Dictionary<string, ModelSignature> OddSignatures = new()
    {
        ["a tensor named like another's shape constant"] = Probe([Tensor("x", "float", 2L), Tensor("x_dim_0", "float", 3L)], [Plain]),
        ["a tensor named like the inputs class"] = Probe([Tensor("ProbeInputs", "float", 2L)], [Tensor("ProbeOutputs", "float", 2L)]),
        ["tensors named like generated members"] = Probe([Tensor("create", "float", 1L), Tensor("inputs", "float", 1L)], [Tensor("outputs", "float", 1L), Tensor("run", "float", 1L)]),
        ["line and paragraph separators and control characters in doc strings"] = Probe(
            [new TensorSignature("in\u2028put", "tensor", "float", new([new(1, null)]), "first\u2028second\u0085third\u2029fourth\u0001\u001b[0m")],
            [Plain], "Model\u2028doc \u0007 with a bell"),
        ["quotes, backslashes and non-ASCII in names"] = Probe([Tensor("a\"b\\c", "float", 1L), Tensor("入力", "int32", "バッチ")], [Tensor("出力 ✓", "float", 1L)]),
        ["symbolic dimensions named like keywords and each other"] = Probe([Tensor("a", "float", "int", "N", "n", "batch size", "")], [Plain]),
        ["a scalar input and an output without a shape"] = Probe([new TensorSignature("scalar", "tensor", "int64", new([]), "")], [new TensorSignature("free", "tensor", "float", null, "")]),
        ["an input without a declared shape"] = Probe([new TensorSignature("free", "tensor", "float", null, "")], [Plain]),
        ["an input the typed API cannot carry"] = Probe([new TensorSignature("seq", "sequence", null, null, ""), Tensor("x", "float", 1L)], [Plain]),
        ["an input of an unsupported element type"] = Probe([Tensor("c", "complex64", 2L)], [Plain]),
        ["every supported element type"] = Probe(
            new[] { "float", "double", "int8", "uint8", "int16", "uint16", "int32", "uint32", "int64", "uint64", "bool", "string", "float16", "bfloat16" }
                .Select(t => Tensor("in_" + t, t, "batch")).ToArray(),
            [Tensor("out_bf16", "bfloat16", 1L), Tensor("out_u64", "uint64", 1L)]),
        ["no inputs and no outputs"] = Probe([], []),
        ["an unnamed dynamic dimension among fixed ones"] = Probe([new TensorSignature("x", "tensor", "uint8", new([new(null, null), new(224, null), new(null, "")]), "")], [Plain]),
    };

    public static TheoryData<string> Cases => new(OddSignatures.Keys);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Odd_signature_still_generates_clean_code(string name)
    {
        var run = GeneratorHarness.Run(ManifestFile("probe.model.json", ProbeManifest), SignatureFile(OddSignatures[name]));

        run.AssertNoCrash();
        Assert.Single(run.Sources);
        Assert.True(run.CompileProblems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", run.CompileProblems) + "\n\n" + run.SingleSource);
    }

    [Theory]
    [InlineData("mean")]
    [InlineData("cls")]
    [InlineData("max")]
    public void Every_pooling_mode_maps_to_a_runtime_value(string pooling)
    {
        var manifest = MiniLmManifest.Replace("\"pooling\": \"mean\"", $"\"pooling\": \"{pooling}\"", StringComparison.Ordinal);

        var run = GeneratorHarness.Run(ManifestFile("MiniLm.model.json", manifest), SignatureFile(MiniLm(ManifestPath("MiniLm.model.json"))));

        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompileProblems);
    }

    [Theory]
    [InlineData("none", "None")]
    [InlineData("basic", "Basic")]
    [InlineData("extended", "Extended")]
    [InlineData("all", "All")]
    public void Every_graph_optimization_level_maps_to_a_runtime_value(string level, string member)
    {
        var manifest = ResNet18Manifest.Replace("\"extended\"", $"\"{level}\"", StringComparison.Ordinal);

        var run = GeneratorHarness.Run(ManifestFile("resnet18.model.json", manifest), SignatureFile(ResNet18(ManifestPath("resnet18.model.json"))));

        Assert.Contains($"GraphOptimization = global::Accelerate.Runtime.GraphOptimization.{member},", run.SingleSource, StringComparison.Ordinal);
        Assert.Empty(run.CompileProblems);
    }

    [Theory]
    [InlineData("My-App", "My_App")]
    [InlineData("3D.Tools", "_3D.Tools")]
    [InlineData("Contoso.class", "Contoso.@class")]
    public void Root_namespace_that_is_not_a_namespace_is_made_one(string rootNamespace, string expected)
    {
        var driver = GeneratorHarness.CreateDriver(
            [ManifestFile("resnet18.model.json", ResNet18Manifest), SignatureFile(ResNet18(ManifestPath("resnet18.model.json")))], rootNamespace);

        var run = GeneratorHarness.Run(driver, GeneratorHarness.CreateCompilation(GeneratorHarness.UserCode));

        run.AssertNoCrash();
        Assert.Contains($"namespace {expected}\n", run.SingleSource, StringComparison.Ordinal);
        Assert.Empty(run.CompileProblems);
    }

    [Fact]
    public void Feature_extraction_signature_without_a_vocabulary_is_an_error_not_broken_code()
    {
        var path = ManifestPath("MiniLm.model.json");

        var run = GeneratorHarness.Run(ManifestFile("MiniLm.model.json", MiniLmManifest), SignatureFile(MiniLm(path) with { VocabFile = null }));

        run.AssertNoCrash();
        var error = run.Single("ACC3002");
        Assert.Equal((path, 10, 3), error.Position());
        Assert.Contains("vocabulary", error.GetMessage(), StringComparison.Ordinal);
        Assert.Empty(run.Sources);
        Assert.Empty(run.CompileProblems);
    }
}
