using Accelerate.Generators.Tests.Support;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Tests.Cases;
using Microsoft.CodeAnalysis;

namespace Accelerate.Generators.Tests;

/// <summary>Manifest and model problems reach the build as Roslyn diagnostics on the manifest's own line and column.</summary>
public sealed class GeneratorDiagnosticsTests
{
    private static readonly string MiniLmPath = TestModels.ManifestPath("MiniLm.model.json");

    public static TheoryData<string> MalformedCases => MalformedManifests.Names;

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_manifest_is_reported_on_its_line_and_never_crashes_the_generator(string name)
    {
        var @case = MalformedManifests.Get(name);

        var run = GeneratorHarness.Run(TestModels.ManifestFile(MalformedManifests.FileName, @case.Text));

        run.AssertNoCrash();
        var diagnostic = run.Single(@case.Id);
        Assert.Equal((TestModels.ManifestPath(MalformedManifests.FileName), @case.Line, @case.Column), diagnostic.Position());
        Assert.True(diagnostic.Location.IsInSource || diagnostic.Location.Kind == LocationKind.ExternalFile);
        if (@case.MessageContains is { } fragment)
        {
            Assert.Contains(fragment, diagnostic.GetMessage(), StringComparison.Ordinal);
        }
        if (run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            Assert.Empty(run.Sources);
        }
    }

    [Fact]
    public void Diagnostic_span_covers_the_offending_json_text()
    {
        const string text = """
            {
              "task": "tensor",
              "source": { "path": "model.onnx" },
              "backends": ["cpu", "cdua"]
            }
            """;

        var diagnostic = GeneratorHarness.Run(TestModels.ManifestFile("resnet18.model.json", text)).Single("ACC1015");

        Assert.Equal("\"cdua\"", text.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length));
        Assert.Equal(new Microsoft.CodeAnalysis.Text.LinePosition(3, 28), diagnostic.Location.GetLineSpan().EndLinePosition);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("docs/reference/diagnostics.md#acc1015", diagnostic.Descriptor.HelpLinkUri);
        Assert.Equal("Unknown backend", diagnostic.Descriptor.Title.ToString());
    }

    [Fact]
    public void Help_links_point_into_the_reference_the_build_names()
    {
        var manifest = TestModels.ManifestFile("resnet18.model.json", """{ "task": "tensor", "source": { "path": "model.onnx" }, "backends": ["cdua"] }""");
        var docs = "file:///root/.nuget/packages/accelerate.build/0.1.0/docs/reference/diagnostics.md";
        var driver = GeneratorHarness.CreateDriver([manifest], buildProperties: new Dictionary<string, string> { ["AccelerateDiagnosticsDocs"] = docs });

        var run = GeneratorHarness.Run(driver, GeneratorHarness.CreateCompilation(GeneratorHarness.UserCode));

        Assert.Equal(docs + "#acc1015", run.Single("ACC1015").Descriptor.HelpLinkUri);
    }

    [Fact]
    public void Model_without_a_signature_warns_on_source_and_generates_only_a_placeholder()
    {
        var run = GeneratorHarness.Run(TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest));

        var warning = run.Single("ACC3001");
        Assert.Equal(DiagnosticSeverity.Warning, warning.Severity);
        Assert.Equal((MiniLmPath, 5, 3), warning.Position());
        Assert.Equal(DiagnosticCatalog.NotInspected.Format("MiniLm"), warning.GetMessage());
        AssertOnlyPlaceholder(run);
        Assert.Empty(run.CompileProblems);
    }

    [Fact]
    public void Signature_of_another_manifest_does_not_count()
    {
        var run = GeneratorHarness.Run(
            TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest),
            TestModels.SignatureFile(TestModels.MiniLm(TestModels.ManifestPath("other/MiniLm.model.json"))));

        run.Single("ACC3001");
        AssertOnlyPlaceholder(run);
    }

    [Fact]
    public void Signature_paths_match_manifests_across_separators_and_case()
    {
        var windowsPath = "C:\\src\\Search\\models\\MiniLm.model.json";
        var run = GeneratorHarness.Run(
            new InMemoryAdditionalText(windowsPath, TestModels.MiniLmManifest),
            TestModels.SignatureFile(TestModels.MiniLm("c:/src/search/models/minilm.model.json")));

        run.AssertNoCrash();
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Single(run.Sources);
    }

    [Fact]
    public void Feature_extraction_output_that_does_not_exist_suggests_the_nearest()
    {
        var manifest = TestModels.MiniLmManifest.Replace("\"normalize\": true,", "\"normalize\": true,\n  \"output\": \"last_hiden_state\",", StringComparison.Ordinal);

        var run = GeneratorHarness.Run(TestModels.ManifestFile("MiniLm.model.json", manifest), TestModels.SignatureFile(TestModels.MiniLm(MiniLmPath)));

        var error = run.Single("ACC3004");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal((MiniLmPath, 20, 3), error.Position());
        Assert.Equal("Model 'MiniLm' has no output named 'last_hiden_state' (did you mean 'last_hidden_state'?). It has: " +
            "last_hidden_state (float [batch, sequence, Addlast_hidden_state_dim_2]), 924 (float [Tanh924_dim_0, 384])", error.GetMessage());
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Feature_extraction_can_name_a_pooled_output_with_pooling_none()
    {
        var manifest = TestModels.MiniLmManifest.Replace("\"pooling\": \"mean\",", "\"pooling\": \"none\",\n  \"output\": \"924\",", StringComparison.Ordinal);

        var run = GeneratorHarness.Run(TestModels.ManifestFile("MiniLm.model.json", manifest), TestModels.SignatureFile(TestModels.MiniLm(MiniLmPath)));

        run.AssertNoCrash();
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Contains("Pooling = global::Accelerate.Runtime.Pooling.None,", run.SingleSource, StringComparison.Ordinal);
        Assert.Contains("OutputName = \"924\",", run.SingleSource, StringComparison.Ordinal);
        Assert.Contains("Length of each embedding vector (384 for this model).", run.SingleSource, StringComparison.Ordinal);
        Assert.Empty(run.CompileProblems);
    }

    [Fact]
    public void Names_override_for_a_tensor_the_model_lacks_suggests_the_nearest()
    {
        var manifest = TestModels.ResNet18Manifest.Replace("\"task\": \"tensor\",", "\"task\": \"tensor\",\n  \"names\": { \"Input274\": \"Image\" },", StringComparison.Ordinal);
        var path = TestModels.ManifestPath("resnet18.model.json");

        var run = GeneratorHarness.Run(TestModels.ManifestFile("resnet18.model.json", manifest), TestModels.SignatureFile(TestModels.ResNet18(path)));

        var error = run.Single("ACC3004");
        Assert.Equal((path, 4, 14), error.Position());
        Assert.Contains("no input or output named 'Input274' (did you mean 'Input247'?)", error.GetMessage(), StringComparison.Ordinal);
    }

    [Fact]
    public void Feature_extraction_model_without_input_ids_does_not_fit_the_task()
    {
        var run = GeneratorHarness.Run(
            TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest),
            TestModels.SignatureFile(TestModels.ResNet18(MiniLmPath)));

        run.AssertNoCrash();
        var mismatches = run.GeneratorDiagnostics.Where(d => d.Id == "ACC3003").ToList();
        Assert.NotEmpty(mismatches);
        Assert.All(mismatches, d => Assert.Equal((MiniLmPath, 4, 3), d.Position()));
        Assert.Contains(mismatches, d => d.GetMessage().StartsWith(
            "Model 'MiniLm' does not fit task 'feature-extraction': it has no 'input_ids' input (inputs: Input247 (float [1, 3, 224, 224]))", StringComparison.Ordinal));
        Assert.Contains(mismatches, d => d.GetMessage().Contains("input 'Input247' cannot be fed from text", StringComparison.Ordinal));
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Two_manifests_with_one_name_are_reported_on_all_but_the_first_by_path()
    {
        // "MiniLm-copy.model.json" sorts before "MiniLm.model.json" ('-' < '.'), so the copy keeps the name.
        var copyPath = TestModels.ManifestPath("MiniLm-copy.model.json");
        var run = GeneratorHarness.Run(
            TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest),
            TestModels.SignatureFile(TestModels.MiniLm(MiniLmPath)),
            TestModels.ManifestFile("MiniLm-copy.model.json", TestModels.MiniLmManifest),
            TestModels.SignatureFile(TestModels.MiniLm(copyPath), "MiniLm.copy.signature.json"));

        run.AssertNoCrash();
        var error = run.Single("ACC1022");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Equal((MiniLmPath, 3, 3), error.Position());
        Assert.Equal($"Model name 'MiniLm' is also used by '{copyPath}'; set a different \"name\" (it names the class and the output folder models/MiniLm/)", error.GetMessage());
        Assert.Single(run.Sources);
        Assert.Empty(run.CompileProblems);
    }

    [Fact]
    public void Same_name_in_different_namespaces_is_reported_because_the_output_folder_is_shared()
    {
        var copy = TestModels.MiniLmManifest.Replace("\"name\": \"MiniLm\",", "\"name\": \"MiniLm\",\n  \"namespace\": \"Search.Copy\",", StringComparison.Ordinal);
        var copyPath = TestModels.ManifestPath("MiniLm-copy.model.json");

        var run = GeneratorHarness.Run(
            TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest),
            TestModels.SignatureFile(TestModels.MiniLm(MiniLmPath)),
            TestModels.ManifestFile("MiniLm-copy.model.json", copy),
            TestModels.SignatureFile(TestModels.MiniLm(copyPath), "MiniLm.copy.signature.json"));

        Assert.Equal("ACC1022", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Single(run.Sources);
        Assert.Empty(run.CompileProblems);
    }

    [Theory]
    [InlineData("this is not json")]
    [InlineData("""{ "formatVersion": 99 }""")]
    [InlineData("""{ "formatVersion": 1, "manifestPath": "/src/Search/models/MiniLm.model.json" }""")]
    [InlineData(null)]
    public void Unreadable_signature_file_is_reported_and_the_model_counts_as_not_inspected(string? signatureText)
    {
        var signaturePath = TestModels.SignatureFolder + "MiniLm.signature.json";

        var run = GeneratorHarness.Run(
            TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest),
            new InMemoryAdditionalText(signaturePath, signatureText));

        run.AssertNoCrash();
        var error = run.Single("ACC3002");
        Assert.Equal(DiagnosticSeverity.Error, error.Severity);
        Assert.Contains(signaturePath, error.GetMessage(), StringComparison.Ordinal);
        Assert.Contains("rebuild to refresh it", error.GetMessage(), StringComparison.Ordinal);
        run.Single("ACC3001");
        AssertOnlyPlaceholder(run);
    }

    [Fact]
    public void Unrelated_additional_files_are_ignored()
    {
        var run = GeneratorHarness.Run(
            new InMemoryAdditionalText("/src/Search/appsettings.json", "{ not a manifest"),
            new InMemoryAdditionalText("/src/Search/models/readme.md", "# models"));

        run.AssertNoCrash();
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.Sources);
    }

    [Fact]
    public void Namespace_defaults_to_the_root_namespace_then_to_AccelerateModels()
    {
        var files = new AdditionalText[]
        {
            TestModels.ManifestFile("resnet18.model.json", TestModels.ResNet18Manifest),
            TestModels.SignatureFile(TestModels.ResNet18(TestModels.ManifestPath("resnet18.model.json"))),
        };

        var withRoot = GeneratorHarness.Run(GeneratorHarness.CreateDriver(files, "Contoso.Vision"), GeneratorHarness.CreateCompilation(GeneratorHarness.UserCode));
        var withoutRoot = GeneratorHarness.Run(GeneratorHarness.CreateDriver(files, rootNamespace: null), GeneratorHarness.CreateCompilation(GeneratorHarness.UserCode));

        Assert.NotNull(withRoot.Output.GetTypeByMetadataName("Contoso.Vision.ResNet18"));
        Assert.NotNull(withoutRoot.Output.GetTypeByMetadataName("AccelerateModels.ResNet18"));
    }

    private static void AssertOnlyPlaceholder(GeneratorRun run) =>
        Assert.Contains("Placeholder for the model", Assert.Single(run.Sources).Value, StringComparison.Ordinal);

    private const string PlaceholderUser = """
        namespace Search;

        /// <summary>Uses the model class the way an application does.</summary>
        public static class Usage
        {
            /// <summary>Opens the model.</summary>
            public static string Open()
            {
                using var model = new MiniLm();
                return model.ToString()!;
            }
        }
        """;

    [Fact]
    public void After_a_failed_inspection_the_class_is_a_placeholder_that_throws_and_ACC3001_is_not_reported()
    {
        // The build's inspection ran (AccelerateModelsInspected) but wrote no signature: it reported ACC2xxx already.
        var driver = GeneratorHarness.CreateDriver([TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest)],
            buildProperties: new Dictionary<string, string> { ["AccelerateModelsInspected"] = "true" });

        var run = GeneratorHarness.Run(driver, GeneratorHarness.CreateCompilation(GeneratorHarness.UserCode, PlaceholderUser));

        run.AssertNoCrash();
        Assert.Empty(run.GeneratorDiagnostics);
        // Code that constructs the class compiles: no CS0246 cascade.
        Assert.Empty(run.CompileProblems);
        Assert.NotNull(run.Output.GetTypeByMetadataName("Search.MiniLm"));

        using var stream = new MemoryStream();
        var emitted = run.Output.Emit(stream, cancellationToken: TestContext.Current.CancellationToken);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        var type = System.Reflection.Assembly.Load(stream.ToArray()).GetType("Search.MiniLm")!;
        var error = Assert.Throws<InvalidOperationException>(() =>
        {
            try { Activator.CreateInstance(type); }
            catch (System.Reflection.TargetInvocationException e) { throw e.InnerException!; }
        });
        Assert.Equal("Model 'MiniLm' (manifest MiniLm.model.json) could not be inspected when the project was built: see the build's ACC2xxx error on that manifest, fix it and rebuild.", error.Message);
    }

    [Fact]
    public void Before_any_inspection_ACC3001_stays_and_the_placeholder_says_to_build()
    {
        var run = GeneratorHarness.Run(
            GeneratorHarness.CreateDriver([TestModels.ManifestFile("MiniLm.model.json", TestModels.MiniLmManifest)]),
            GeneratorHarness.CreateCompilation(GeneratorHarness.UserCode, PlaceholderUser));

        run.Single("ACC3001");
        Assert.Empty(run.CompileProblems);
        Assert.Contains("has not been inspected yet (design-time builds do not fetch models)", run.SingleSource, StringComparison.Ordinal);
    }
}
