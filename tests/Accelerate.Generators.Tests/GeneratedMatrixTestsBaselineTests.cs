using System.Reflection;
using System.Runtime.Loader;
using Accelerate.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Accelerate.Generators.Tests;

/// <summary>
/// The hardware-matrix test classes generated in a test project (one referencing Accelerate.Testing, xunit.v3 and
/// Accelerate.Imaging): exact text, clean compilation, and the test names and trait xunit sees.
/// </summary>
public sealed class GeneratedMatrixTestsBaselineTests
{
    /// <summary>Baseline name → generator run and the source it checks.</summary>
    private static readonly Dictionary<string, Func<(GeneratorRun Run, string Source)>> Cases = new(StringComparer.Ordinal)
    {
        ["MiniLm.Tests"] = () => TestsOf(MatrixModels.MiniLm(), "MiniLm"),
        ["ResNet18.ImageFeatures"] = () =>
        {
            var run = GeneratorHarness.RunWithTesting(MatrixModels.ResNet18());
            return (run, run.ModelSource("Resnet18"));
        },
        ["ResNet18.ImageFeatures.Tests"] = () => TestsOf(MatrixModels.ResNet18(), "Resnet18"),
        ["Reranker.Tests"] = () => TestsOf(MatrixModels.Reranker(), "Reranker"),
        ["TextDirection.ImageClassification"] = () =>
        {
            var run = GeneratorHarness.RunWithTesting(MatrixModels.TextDirection());
            return (run, run.ModelSource("TextDirection"));
        },
        ["TextDirection.ImageClassification.Tests"] = () => TestsOf(MatrixModels.TextDirection(), "TextDirection"),
        ["SileroVad.VoiceActivity"] = () =>
        {
            var run = GeneratorHarness.RunWithTesting(MatrixModels.SileroVad());
            return (run, run.ModelSource("SileroVad"));
        },
        ["SileroVad.VoiceActivity.Tests"] = () => TestsOf(MatrixModels.SileroVad(), "SileroVad"),
        ["Ocr.Ocr"] = () =>
        {
            var run = GeneratorHarness.RunWithTesting(MatrixModels.Ocr());
            return (run, run.ModelSource("Ocr"));
        },
        ["Ocr.Ocr.Tests"] = () => TestsOf(MatrixModels.Ocr(), "Ocr"),
    };

    public static TheoryData<string> BaselineNames => new(Cases.Keys);

    private static (GeneratorRun, string) TestsOf(AdditionalText[] files, string stem)
    {
        var run = GeneratorHarness.RunWithTesting(files);
        return (run, run.TestsSource(stem));
    }

    [Theory]
    [MemberData(nameof(BaselineNames))]
    public void Generated_source_matches_the_baseline(string baseline)
    {
        var (run, source) = Cases[baseline]();

        run.AssertNoCrash();
        Assert.True(run.GeneratorDiagnostics.IsEmpty, run.Describe());
        Baselines.AssertMatches(baseline, source);
    }

    [Theory]
    [MemberData(nameof(BaselineNames))]
    public void Generated_code_compiles_without_errors_or_warnings(string baseline)
    {
        var (run, _) = Cases[baseline]();

        run.AssertNoCrash();
        var problems = run.CompileProblems;
        Assert.True(problems.Count == 0, "The generated code does not compile cleanly:\n" + string.Join("\n", problems));
    }

    [Fact]
    public void Three_models_with_tests_in_one_project_compile_cleanly_together()
    {
        var run = GeneratorHarness.RunWithTesting([.. MatrixModels.MiniLm(), .. MatrixModels.ResNet18(), .. MatrixModels.Reranker()]);

        run.AssertNoCrash();
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Equal(7, run.Sources.Count);
        Assert.True(run.CompileProblems.Count == 0, string.Join("\n", run.CompileProblems));
        // Each task's test class derives from the task's checks: embeddings get theirs, the others the generic ones.
        foreach (var (type, baseType) in new[] { ("Search.MiniLmMatrixTests", "Accelerate.Testing.EmbeddingMatrixTests"), ("Search.ResNet18MatrixTests", "Accelerate.Testing.ModelMatrixTests"), ("Search.RerankerMatrixTests", "Accelerate.Testing.ModelMatrixTests") })
        {
            var symbol = run.Output.GetTypeByMetadataName(type);
            Assert.NotNull(symbol);
            Assert.Equal(baseType, symbol.BaseType?.ToDisplayString());
        }
    }

    [Fact]
    public void Image_samples_become_full_paths_beside_the_manifest()
    {
        var source = GeneratorHarness.RunWithTesting(MatrixModels.ResNet18()).TestsSource("Resnet18");

        Assert.Contains("\"/src/Search/models/images/sunset.png\",", source, StringComparison.Ordinal);
        Assert.Contains("\"/src/Search/models/images/waves.png\",", source, StringComparison.Ordinal);
        Assert.DoesNotContain("\"images/sunset.png\"", source, StringComparison.Ordinal);
        Assert.Contains("m.Extract(path)", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Image_classifier_gets_Classify_and_Scores_methods_and_its_labels()
    {
        var run = GeneratorHarness.RunWithTesting(MatrixModels.TextDirection());
        var model = run.Output.GetTypeByMetadataName("Search.TextDirection");

        Assert.NotNull(model);
        var methods = model.GetMembers().OfType<IMethodSymbol>().Where(m => m.Name is "Classify" or "Scores")
            .Select(m => m.Name + ": " + m.ReturnType.ToDisplayString() + " (" + string.Join(", ", m.Parameters.Select(p => p.Type.ToDisplayString())) + ")")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
        [
            "Classify: System.Collections.Generic.IReadOnlyList<Accelerate.Imaging.LabelScore> (System.IO.Stream)",
            "Classify: System.Collections.Generic.IReadOnlyList<Accelerate.Imaging.LabelScore> (byte[])",
            "Classify: System.Collections.Generic.IReadOnlyList<Accelerate.Imaging.LabelScore> (string)",
            "Classify: System.Collections.Generic.IReadOnlyList<Accelerate.Imaging.LabelScore>[] (System.Collections.Generic.IReadOnlyList<string>)",
            "Scores: float[] (string)",
            "Scores: float[][] (System.Collections.Generic.IReadOnlyList<string>)",
        ], methods);
        var source = run.ModelSource("TextDirection");
        Assert.Contains("Labels { get; } = new string[] { \"0\", \"180\" };", source, StringComparison.Ordinal);
        Assert.Contains("Resize = global::Accelerate.Imaging.ResizeMode.HeightThenPadRight,", source, StringComparison.Ordinal);
        Assert.Contains("public const int TopK = 2;", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Voice_activity_model_gets_Detect_and_FrameProbabilities_methods_and_its_tensors_and_options()
    {
        var run = GeneratorHarness.RunWithTesting(MatrixModels.SileroVad());
        var model = run.Output.GetTypeByMetadataName("Search.SileroVad");

        Assert.NotNull(model);
        var methods = model.GetMembers().OfType<IMethodSymbol>().Where(m => m.Name is "Detect" or "FrameProbabilities")
            .Select(m => m.Name + ": " + m.ReturnType.ToDisplayString() + " (" + string.Join(", ", m.Parameters.Select(p => p.Type.ToDisplayString())) + ")")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
        [
            "Detect: System.Collections.Generic.IReadOnlyList<Accelerate.Audio.SpeechSegment> (System.IO.Stream)",
            "Detect: System.Collections.Generic.IReadOnlyList<Accelerate.Audio.SpeechSegment> (byte[])",
            "Detect: System.Collections.Generic.IReadOnlyList<Accelerate.Audio.SpeechSegment> (string)",
            "Detect: System.Collections.Generic.IReadOnlyList<Accelerate.Audio.SpeechSegment>[] (System.Collections.Generic.IReadOnlyList<string>)",
            "FrameProbabilities: float[] (float[])",
            "FrameProbabilities: float[] (string)",
        ], methods);
        var source = run.ModelSource("SileroVad");
        Assert.Contains("new global::Accelerate.Audio.VoiceActivityTensors(\"input\", \"state\", \"sr\", false, \"output\", \"stateN\", new long[] { 2, 1, 128 });", source, StringComparison.Ordinal);
        Assert.Contains("new global::Accelerate.Audio.SegmentationOptions(0.5, 100, 250, 30);", source, StringComparison.Ordinal);
        Assert.Contains("m.FrameProbabilities(path), null, inputsAreText: false, outputName: \"probabilities\"", run.TestsSource("SileroVad"), StringComparison.Ordinal);
        Assert.Contains("\"/src/Search/models/audio/hello-16k.wav\",", run.TestsSource("SileroVad"), StringComparison.Ordinal);
    }

    [Fact]
    public void Image_model_gets_Extract_methods_when_Accelerate_Imaging_is_referenced()
    {
        var run = GeneratorHarness.RunWithTesting(MatrixModels.ResNet18());
        var model = run.Output.GetTypeByMetadataName("Search.ResNet18");

        Assert.NotNull(model);
        var extract = model.GetMembers("Extract").OfType<IMethodSymbol>()
            .Select(m => m.ReturnType.ToDisplayString() + " (" + string.Join(", ", m.Parameters.Select(p => p.Type.ToDisplayString())) + ")")
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(
        [
            "float[] (System.IO.Stream)",
            "float[] (string)",
            "float[][] (System.Collections.Generic.IReadOnlyList<string>)",
        ], extract);
        Assert.NotEmpty(model.GetMembers("Run"));
        Assert.Equal("Accelerate.Imaging.ImagePreprocessing", model.GetMembers("Preprocessing").OfType<IPropertySymbol>().Single().Type.ToDisplayString());
    }

    public static TheoryData<string, string, string[]> DisplayNameCases => new()
    {
        {
            "MiniLm", "Search.MiniLmMatrixTests",
            [
                "MiniLm[cpu].Loads", "MiniLm[cpu].MatchesSignature", "MiniLm[cpu].MatchesGoldens", "MiniLm[cpu].BatchMatchesSingles",
                "MiniLm[cpu].IsDeterministic", "MiniLm[cpu].HasUnitNorm", "MiniLm[cpu].RanksSimilarAboveDissimilar",
                "MiniLm[cuda].Loads", "MiniLm[cuda].MatchesSignature", "MiniLm[cuda].MatchesGoldens", "MiniLm[cuda].AgreesWithCpu",
                "MiniLm[cuda].BatchMatchesSingles", "MiniLm[cuda].IsDeterministic", "MiniLm[cuda].HasUnitNorm", "MiniLm[cuda].RanksSimilarAboveDissimilar",
            ]
        },
        {
            // A fixed batch size of 1: no batch check; not normalised text: no unit-norm or ranking checks.
            "ResNet18", "Search.ResNet18MatrixTests",
            [
                "ResNet18[cpu].Loads", "ResNet18[cpu].MatchesSignature", "ResNet18[cpu].MatchesGoldens", "ResNet18[cpu].IsDeterministic",
                "ResNet18[cuda].Loads", "ResNet18[cuda].MatchesSignature", "ResNet18[cuda].MatchesGoldens", "ResNet18[cuda].AgreesWithCpu",
                "ResNet18[cuda].IsDeterministic",
            ]
        },
        {
            // Both inputs start with the same dynamic dimension: batchable.
            "Reranker", "Search.RerankerMatrixTests",
            [
                "Reranker[cpu].Loads", "Reranker[cpu].MatchesSignature", "Reranker[cpu].MatchesGoldens", "Reranker[cpu].BatchMatchesSingles",
                "Reranker[cpu].IsDeterministic",
                "Reranker[openvino].Loads", "Reranker[openvino].MatchesSignature", "Reranker[openvino].MatchesGoldens", "Reranker[openvino].AgreesWithCpu",
                "Reranker[openvino].BatchMatchesSingles", "Reranker[openvino].IsDeterministic",
            ]
        },
    };

    [Theory]
    [MemberData(nameof(DisplayNameCases))]
    public void Compiled_test_class_has_one_fact_per_check_and_backend_named_like_Model_backend_Check(string model, string typeName, string[] expected)
    {
        var files = model switch
        {
            "MiniLm" => MatrixModels.MiniLm(),
            "ResNet18" => MatrixModels.ResNet18(),
            _ => MatrixModels.Reranker(),
        };
        var run = GeneratorHarness.RunWithTesting(files);
        run.AssertNoCrash();

        WithLoadedAssembly(run, assembly =>
        {
            var type = assembly.GetType(typeName, throwOnError: true)!;
            var displayNames = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .OrderBy(m => m.MetadataToken)
                .Select(m => m.GetCustomAttributesData().SingleOrDefault(a => a.AttributeType.FullName == "Xunit.FactAttribute"))
                .Where(a => a is not null)
                .Select(a => (string?)a!.NamedArguments.Single(n => n.MemberName == "DisplayName").TypedValue.Value)
                .ToArray();
            Assert.Equal(expected, displayNames);

            var trait = Assert.Single(type.GetCustomAttributesData(), a => a.AttributeType.FullName == "Xunit.TraitAttribute");
            Assert.Equal(["Accelerate", "Matrix"], trait.ConstructorArguments.Select(a => (string?)a.Value));
            Assert.Equal(model == "MiniLm" ? "Accelerate.Testing.EmbeddingMatrixTests" : "Accelerate.Testing.ModelMatrixTests", type.BaseType?.FullName);
            Assert.True(type.IsSealed);

            var fixture = Assert.Single(assembly.GetCustomAttributesData(), a => a.AttributeType.FullName == "Xunit.AssemblyFixtureAttribute");
            Assert.Equal("Accelerate.Testing.MatrixReportFixture", ((Type)fixture.ConstructorArguments.Single().Value!).FullName);
        });
    }

    /// <summary>Emits the run's output compilation and loads it in a collectible context (references resolve from this process).</summary>
    private static void WithLoadedAssembly(GeneratorRun run, Action<Assembly> inspect)
    {
        using var image = new MemoryStream();
        var result = run.Output.Emit(image, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        image.Position = 0;
        var context = new AssemblyLoadContext("generated-matrix-tests", isCollectible: true);
        try
        {
            inspect(context.LoadFromStream(image));
        }
        finally
        {
            context.Unload();
        }
    }
}
