using Accelerate.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Accelerate.Generators.Tests;

/// <summary>The generated source of MiniLM, ResNet18 and an edge-case model: exact text, and that it compiles cleanly.</summary>
public sealed class GeneratedSourceBaselineTests
{
    public static TheoryData<string> Models => BaselineModels.Names;

    [Theory]
    [MemberData(nameof(Models))]
    public void Generated_source_matches_the_baseline(string model)
    {
        var run = BaselineModels.Run(model);

        run.AssertNoCrash();
        Baselines.AssertMatches(model, run.SingleSource);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Generated_code_compiles_without_errors_or_warnings(string model)
    {
        var run = BaselineModels.Run(model);

        run.AssertNoCrash();
        var problems = run.CompileProblems;
        if (problems.Any(d => d.Id == "CS0117" && d.GetMessage().Contains("'Zeros'", StringComparison.Ordinal)))
        {
            Assert.Fail("Accelerate.Runtime has no TensorBuffer<T>.Zeros(long[] shape), which generated Create methods call. " +
                "Add it to the runtime (the generated code is right to need it).\n" + string.Join("\n", problems));
        }
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Generation_is_deterministic(string model)
    {
        Assert.Equal(BaselineModels.Run(model).Sources, BaselineModels.Run(model).Sources);
    }

    [Fact]
    public void Hint_names_are_the_model_name_and_a_hash_of_the_manifest_path()
    {
        var miniLm = BaselineModels.Run("MiniLm").Sources.Keys.Single();
        var resNet = BaselineModels.Run("ResNet18").Sources.Keys.Single();

        Assert.Matches(@"^MiniLm\.[0-9a-f]{8}\.g\.cs$", miniLm);
        Assert.Matches(@"^Resnet18\.[0-9a-f]{8}\.g\.cs$", resNet);
    }

    [Fact]
    public void Well_formed_models_report_nothing()
    {
        Assert.Empty(BaselineModels.Run("MiniLm").GeneratorDiagnostics);
        Assert.Empty(BaselineModels.Run("ResNet18").GeneratorDiagnostics);
    }

    [Fact]
    public void Edge_case_model_warns_once_about_its_sequence_output()
    {
        var run = BaselineModels.Run("EdgeCases");

        var warning = run.Single("ACC3005");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal("Model 'EdgeCases' output 'scores_seq' has type sequence, which the typed Run method does not support; use Session directly for it",
            warning.GetMessage());
        Assert.Equal((TestModels.ManifestPath("edge-cases.model.json"), 1, 1), warning.Position());
        Assert.Single(run.GeneratorDiagnostics);
    }
}
