using Accelerate.Generators.Specs;
using Accelerate.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Accelerate.Generators.Tests;

/// <summary>The pipeline reuses cached work: unrelated edits regenerate nothing, a manifest edit regenerates only its model.</summary>
public sealed class IncrementalGenerationTests
{
    private static readonly string MiniLmPath = TestModels.ManifestPath("MiniLm.model.json");
    private static readonly string ResNetPath = TestModels.ManifestPath("resnet18.model.json");
    private static readonly string[] TrackedSteps = [ModelGenerator.Steps.Manifests, ModelGenerator.Steps.Signatures, ModelGenerator.Steps.Models];

    private static readonly AdditionalText MiniLmManifest = TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest);
    private static readonly AdditionalText MiniLmSignature = TestModels.SignatureFile(TestModels.MiniLm(MiniLmPath));
    private static readonly AdditionalText ResNetManifest = TestModels.ManifestFile("resnet18.model.json", TestModels.ResNet18Manifest);
    private static readonly AdditionalText ResNetSignature = TestModels.SignatureFile(TestModels.ResNet18(ResNetPath));

    private static GeneratorRun FirstRun(params AdditionalText[] files) =>
        GeneratorHarness.Run(GeneratorHarness.CreateDriver(files), GeneratorHarness.CreateCompilation(GeneratorHarness.UserCode));

    private static GeneratorRun RunAgain(GeneratorRun previous, GeneratorDriver? driver = null, Compilation? compilation = null) =>
        GeneratorHarness.Run(driver ?? previous.Driver, compilation ?? previous.Input);

    /// <summary>Reason of each Models step output, keyed by the model's class name (or hint name when there is no spec).</summary>
    private static Dictionary<string, IncrementalStepRunReason> ModelReasons(GeneratorRun run) =>
        run.Result.TrackedSteps[ModelGenerator.Steps.Models]
            .SelectMany(step => step.Outputs)
            .ToDictionary(o => ((ModelGenerationResult)o.Value).Spec?.ClassName ?? ((ModelGenerationResult)o.Value).HintName, o => o.Reason);

    private static void AssertAllReused(GeneratorRun run)
    {
        foreach (var name in TrackedSteps)
        {
            Assert.True(run.Result.TrackedSteps.TryGetValue(name, out var steps), $"step {name} was not tracked");
            Assert.All(steps.SelectMany(s => s.Outputs), o => Assert.True(
                o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"{name} output was {o.Reason}"));
        }
        Assert.All(run.Result.TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs), o => Assert.True(
            o.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"source output was {o.Reason}"));
    }

    [Fact]
    public void Unrelated_csharp_edit_reuses_every_step_and_output()
    {
        var first = FirstRun(MiniLmManifest, MiniLmSignature, ResNetManifest, ResNetSignature);
        var tree = first.Input.SyntaxTrees.Single();
        var edited = first.Input.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            GeneratorHarness.UserCode.Replace("=> 0;", "=> 42;", StringComparison.Ordinal), GeneratorHarness.ParseOptions, tree.FilePath,
            cancellationToken: TestContext.Current.CancellationToken));

        var second = RunAgain(first, compilation: edited);

        AssertAllReused(second);
        Assert.Equal(first.Sources, second.Sources);
        Assert.Equal(2, second.Sources.Count);
    }

    [Fact]
    public void Unrelated_csharp_edit_in_a_test_project_reuses_every_step_and_output()
    {
        var first = GeneratorHarness.Run(
            GeneratorHarness.CreateDriver([MiniLmManifest, MiniLmSignature, ResNetManifest, ResNetSignature]),
            GeneratorHarness.CreateCompilation(GeneratorHarness.TestingReferences, GeneratorHarness.UserCode));
        var tree = first.Input.SyntaxTrees.Single();
        var edited = first.Input.ReplaceSyntaxTree(tree, CSharpSyntaxTree.ParseText(
            GeneratorHarness.UserCode.Replace("=> 0;", "=> 42;", StringComparison.Ordinal), GeneratorHarness.ParseOptions, tree.FilePath,
            cancellationToken: TestContext.Current.CancellationToken));

        var second = RunAgain(first, compilation: edited);

        AssertAllReused(second);
        Assert.All(ModelReasons(second).Values, reason => Assert.Equal(IncrementalStepRunReason.Cached, reason));
        Assert.Equal(first.Sources, second.Sources);
        // Two model classes, their two test classes and the matrix report fixture.
        Assert.Equal(5, second.Sources.Count);
        Assert.Equal(2, second.TestHintNames.Count);
    }

    [Fact]
    public void Referencing_Accelerate_Testing_adds_test_classes_without_changing_the_model_classes()
    {
        var first = FirstRun(MiniLmManifest, MiniLmSignature, ResNetManifest, ResNetSignature);
        var withTesting = first.Input.AddReferences(GeneratorHarness.TestingReferences.Except(GeneratorHarness.References));

        var second = RunAgain(first, compilation: withTesting);

        Assert.All(ModelReasons(second).Values, reason => Assert.Equal(IncrementalStepRunReason.Modified, reason));
        Assert.Equal(2, first.Sources.Count);
        Assert.Equal(5, second.Sources.Count);
        foreach (var (hintName, source) in first.Sources)
        {
            Assert.Equal(source, second.Sources[hintName]);
        }
    }

    [Fact]
    public void Running_again_without_changes_reuses_everything()
    {
        var first = FirstRun(MiniLmManifest, MiniLmSignature, ResNetManifest, ResNetSignature);

        var second = RunAgain(first);

        AssertAllReused(second);
    }

    [Fact]
    public void Editing_one_manifest_regenerates_only_that_model()
    {
        var first = FirstRun(MiniLmManifest, MiniLmSignature, ResNetManifest, ResNetSignature);
        var editedManifest = TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest.Replace("256", "128", StringComparison.Ordinal));

        var second = RunAgain(first, first.Driver.ReplaceAdditionalText(MiniLmManifest, editedManifest));

        var reasons = ModelReasons(second);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["MiniLm"]);
        Assert.True(reasons["ResNet18"] is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, $"ResNet18 was {reasons["ResNet18"]}");
        Assert.Contains("MaxLength = 128,", second.Source("MiniLm"), StringComparison.Ordinal);
        Assert.Equal(first.Source("Resnet18"), second.Source("Resnet18"));
    }

    [Fact]
    public void Editing_a_manifest_comment_changes_no_output()
    {
        var first = FirstRun(MiniLmManifest, MiniLmSignature);
        var commented = TestModels.ManifestFile("MiniLm.model.json", "// all-MiniLM-L6-v2\n" + TestModels.MiniLmManifest);

        var second = RunAgain(first, first.Driver.ReplaceAdditionalText(MiniLmManifest, commented));

        // The manifest text changed, so its model is re-parsed; the result differs only in where properties are.
        Assert.Equal(first.Sources, second.Sources);
    }

    [Fact]
    public void Changing_one_signature_regenerates_only_its_model()
    {
        var first = FirstRun(MiniLmManifest, MiniLmSignature, ResNetManifest, ResNetSignature);
        var newer = TestModels.SignatureFile(TestModels.ResNet18(ResNetPath) with { Sha256 = new string('b', 64) });

        var second = RunAgain(first, first.Driver.ReplaceAdditionalText(ResNetSignature, newer));

        var reasons = ModelReasons(second);
        Assert.Equal(IncrementalStepRunReason.Modified, reasons["ResNet18"]);
        Assert.Equal(IncrementalStepRunReason.Unchanged, reasons["MiniLm"]);
        Assert.Equal(first.Source("MiniLm"), second.Source("MiniLm"));
        Assert.Contains(new string('b', 64), second.Source("Resnet18"), StringComparison.Ordinal);
    }

    [Fact]
    public void Deleting_a_manifest_removes_its_generated_source()
    {
        var first = FirstRun(MiniLmManifest, MiniLmSignature, ResNetManifest, ResNetSignature);

        var second = RunAgain(first, first.Driver.RemoveAdditionalTexts([MiniLmManifest]));

        Assert.Equal(2, first.Sources.Count);
        var remaining = Assert.Single(second.Sources);
        Assert.StartsWith("Resnet18.", remaining.Key, StringComparison.Ordinal);
        Assert.Null(second.Output.GetTypeByMetadataName("Search.MiniLm"));
    }

    [Fact]
    public void Adding_the_signature_of_an_uninspected_model_generates_its_class()
    {
        var first = FirstRun(ResNetManifest);
        Assert.Contains("Placeholder for the model", Assert.Single(first.Sources).Value, StringComparison.Ordinal);
        first.Single("ACC3001");

        var second = RunAgain(first, first.Driver.AddAdditionalTexts([ResNetSignature]));

        Assert.Single(second.Sources);
        Assert.DoesNotContain(second.GeneratorDiagnostics, d => d.Id == "ACC3001");
        Assert.NotNull(second.Output.GetTypeByMetadataName("Search.ResNet18"));
        Assert.Empty(second.CompileProblems);
    }

    [Fact]
    public void Changing_the_root_namespace_regenerates_in_the_new_namespace()
    {
        var files = new[] { ResNetManifest, ResNetSignature };
        var first = FirstRun(files);

        var second = RunAgain(first, first.Driver.WithUpdatedAnalyzerConfigOptions(
            new BuildPropertiesProvider(new Dictionary<string, string> { ["RootNamespace"] = "Vision" })));

        Assert.NotNull(second.Output.GetTypeByMetadataName("Vision.ResNet18"));
        Assert.Null(second.Output.GetTypeByMetadataName("Search.ResNet18"));
    }
}
