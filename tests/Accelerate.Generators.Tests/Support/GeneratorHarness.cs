using System.Collections.Immutable;
using Basic.Reference.Assemblies;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Accelerate.Generators.Tests.Support;

/// <summary>Runs <see cref="ModelGenerator"/> over in-memory AdditionalFiles the way the compiler does, with step tracking on.</summary>
internal static class GeneratorHarness
{
    public const string RootNamespace = "Search";

    /// <summary>
    /// C# 12 is the newest language a net8.0 consumer gets by default (Accelerate.Runtime targets net8.0), so generated
    /// code must compile with it. XML documentation is checked, as in a project with GenerateDocumentationFile.
    /// </summary>
    public static CSharpParseOptions ParseOptions { get; } =
        new(LanguageVersion.CSharp12, DocumentationMode.Diagnose);

    /// <summary>.NET 10 reference assemblies plus the runtime library generated code calls and ONNX Runtime.</summary>
    public static ImmutableArray<MetadataReference> References { get; } =
    [
        .. Net100.References.All,
        MetadataReference.CreateFromFile(typeof(Accelerate.Runtime.ModelSession).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.Location),
    ];

    /// <summary>
    /// <see cref="References"/> plus what a test project with generated hardware-matrix tests references:
    /// Accelerate.Testing, xunit.v3 (core, assert, common), Accelerate.Imaging and Accelerate.Audio.
    /// </summary>
    public static ImmutableArray<MetadataReference> TestingReferences { get; } =
    [
        .. References,
        MetadataReference.CreateFromFile(typeof(Accelerate.Testing.ModelMatrixTests).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Xunit.FactAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Xunit.Assert).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Xunit.Sdk.IMessageSink).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Accelerate.Imaging.ImageTensor).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Accelerate.Audio.WavAudio).Assembly.Location),
    ];

    /// <summary><see cref="TestingReferences"/> without Accelerate.Audio: a test project of text, image or tensor models.</summary>
    public static ImmutableArray<MetadataReference> TestingReferencesWithoutAudio { get; } =
        [.. TestingReferences.Where(r => !r.Display!.EndsWith("Accelerate.Audio.dll", StringComparison.Ordinal))];

    /// <summary><see cref="TestingReferences"/> without Accelerate.Imaging: a test project of text or tensor models.</summary>
    public static ImmutableArray<MetadataReference> TestingReferencesWithoutImaging { get; } =
        [.. TestingReferences.Where(r => !r.Display!.EndsWith("Accelerate.Imaging.dll", StringComparison.Ordinal))];

    /// <summary><see cref="References"/> plus Accelerate.Imaging, without testing support: a library with image models.</summary>
    public static ImmutableArray<MetadataReference> ImagingReferences { get; } =
    [
        .. References,
        MetadataReference.CreateFromFile(typeof(Accelerate.Imaging.ImageTensor).Assembly.Location),
    ];

    /// <summary>A library compilation with nullable enabled, holding <paramref name="sources"/>.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation(References, sources);

    /// <summary>A library compilation with nullable enabled against <paramref name="references"/>, holding <paramref name="sources"/>.</summary>
    public static CSharpCompilation CreateCompilation(IEnumerable<MetadataReference> references, params string[] sources) =>
        CSharpCompilation.Create(
            "Search",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/src/Search/Source{i}.cs")),
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // The .NET SDK passes /nowarn:1701,1702 (reference-assembly version unification) to every compile.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    /// <summary>A driver for the generator over <paramref name="files"/>, tracking every incremental step.</summary>
    /// <param name="files">The AdditionalFiles.</param>
    /// <param name="rootNamespace">build_property.RootNamespace; null for none.</param>
    /// <param name="referencedNamespaces">Manifests of referenced projects: manifest path → that project's root namespace,
    /// passed as build_metadata.AdditionalFiles.AccelerateReferencedNamespace the way the build's props do.</param>
    /// <param name="buildProperties">More build_property.* values (name without the prefix).</param>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, string? rootNamespace = RootNamespace, IReadOnlyDictionary<string, string>? referencedNamespaces = null,
        IReadOnlyDictionary<string, string>? buildProperties = null) =>
        CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            files,
            ParseOptions,
            new BuildPropertiesProvider(
                (rootNamespace is null ? new Dictionary<string, string>() : new() { ["RootNamespace"] = rootNamespace })
                    .Concat(buildProperties ?? new Dictionary<string, string>()).ToDictionary(p => p.Key, p => p.Value),
                referencedNamespaces?.ToDictionary(
                    r => r.Key,
                    r => (IReadOnlyDictionary<string, string>)new Dictionary<string, string> { [ReferencedNamespaceMetadata] = r.Value },
                    StringComparer.Ordinal)),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>The AdditionalFiles metadata that marks a manifest of a referenced project.</summary>
    public const string ReferencedNamespaceMetadata = "AccelerateReferencedNamespace";

    /// <summary>Runs the generator once over <paramref name="files"/> and a small user program.</summary>
    public static GeneratorRun Run(params AdditionalText[] files) => Run(CreateDriver(files), CreateCompilation(UserCode));

    /// <summary>Runs the generator once over <paramref name="files"/> in a test project (<see cref="TestingReferences"/>).</summary>
    public static GeneratorRun RunWithTesting(params AdditionalText[] files) => RunWith(TestingReferences, files);

    /// <summary>Runs the generator once over <paramref name="files"/> and a small user program compiled against <paramref name="references"/>.</summary>
    public static GeneratorRun RunWith(IEnumerable<MetadataReference> references, params AdditionalText[] files) =>
        Run(CreateDriver(files), CreateCompilation(references, UserCode));

    /// <summary>Runs <paramref name="driver"/> over <paramref name="compilation"/>.</summary>
    public static GeneratorRun Run(GeneratorDriver driver, Compilation compilation)
    {
        driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var driverDiagnostics);
        return new GeneratorRun(driver, compilation, output, driverDiagnostics);
    }

    /// <summary>A user file that does not touch the generated code.</summary>
    public const string UserCode = """
        namespace Search;

        /// <summary>Unrelated user code.</summary>
        public static class Program
        {
            /// <summary>Entry.</summary>
            public static int Main() => 0;
        }
        """;
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation Input, Compilation Output, ImmutableArray<Diagnostic> DriverDiagnostics)
{
    public GeneratorDriverRunResult RunResult => Driver.GetRunResult();

    public GeneratorRunResult Result => RunResult.Results.Single();

    /// <summary>Diagnostics the generator reported (ACC codes).</summary>
    public ImmutableArray<Diagnostic> GeneratorDiagnostics => Result.Diagnostics;

    /// <summary>Generated sources by hint name.</summary>
    public IReadOnlyDictionary<string, string> Sources =>
        Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>The one generated source whose hint name starts with <paramref name="stem"/>.</summary>
    public string Source(string stem) => Sources.Single(s => s.Key.StartsWith(stem + ".", StringComparison.Ordinal)).Value;

    /// <summary>Hint names of generated model classes (not test classes, not the matrix report fixture).</summary>
    public IReadOnlyList<string> ModelHintNames =>
        Sources.Keys.Where(k => !k.Contains(".Tests.", StringComparison.Ordinal) && k != "AccelerateMatrixReport.g.cs").Order(StringComparer.Ordinal).ToList();

    /// <summary>Hint names of generated hardware-matrix test classes (precision variants' end in ".Tests.&lt;precision&gt;.g.cs").</summary>
    public IReadOnlyList<string> TestHintNames =>
        Sources.Keys.Where(k => k.Contains(".Tests.", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();

    /// <summary>The one generated model class source whose hint name starts with <paramref name="stem"/>.</summary>
    public string ModelSource(string stem) => Sources[ModelHintNames.Single(k => k.StartsWith(stem + ".", StringComparison.Ordinal))];

    /// <summary>The one generated test class source whose hint name starts with <paramref name="stem"/>.</summary>
    public string TestsSource(string stem) => Sources[TestHintNames.Single(k => k.StartsWith(stem + ".", StringComparison.Ordinal) && k.EndsWith(".Tests.g.cs", StringComparison.Ordinal))];

    /// <summary>The only generated source.</summary>
    public string SingleSource => Assert.Single(Sources).Value;

    /// <summary>Errors and warnings of the compilation with the generated code, excluding hidden/info diagnostics.</summary>
    public IReadOnlyList<Diagnostic> CompileProblems =>
        Output.GetDiagnostics().Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();

    /// <summary>Asserts the generator neither threw nor was reported as failing (CS8785) or crashing (AD0001).</summary>
    public void AssertNoCrash()
    {
        Assert.Null(Result.Exception);
        var crashes = DriverDiagnostics.Concat(Output.GetDiagnostics()).Concat(GeneratorDiagnostics)
            .Where(d => d.Id is "CS8785" or "AD0001" or "ACC3999").ToList();
        Assert.True(crashes.Count == 0, "Generator failed:\n" + string.Join("\n", crashes));
    }

    /// <summary>The generator diagnostics formatted one per line, for failure messages.</summary>
    public string Describe() =>
        GeneratorDiagnostics.Length == 0 ? "(no diagnostics)" : string.Join("\n", GeneratorDiagnostics.Select(d => "  " + d));
}
