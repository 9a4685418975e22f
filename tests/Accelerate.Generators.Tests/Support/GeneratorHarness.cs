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

    /// <summary>A library compilation with nullable enabled, holding <paramref name="sources"/>.</summary>
    public static CSharpCompilation CreateCompilation(params string[] sources) =>
        CSharpCompilation.Create(
            "Search",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"/src/Search/Source{i}.cs")),
            References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                // The .NET SDK passes /nowarn:1701,1702 (reference-assembly version unification) to every compile.
                .WithSpecificDiagnosticOptions([new("CS1701", ReportDiagnostic.Suppress), new("CS1702", ReportDiagnostic.Suppress)]));

    /// <summary>A driver for the generator over <paramref name="files"/>, tracking every incremental step.</summary>
    public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> files, string? rootNamespace = RootNamespace) =>
        CSharpGeneratorDriver.Create(
            [new ModelGenerator().AsSourceGenerator()],
            files,
            ParseOptions,
            new BuildPropertiesProvider(rootNamespace is null ? new Dictionary<string, string>() : new() { ["RootNamespace"] = rootNamespace }),
            new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    /// <summary>Runs the generator once over <paramref name="files"/> and a small user program.</summary>
    public static GeneratorRun Run(params AdditionalText[] files) => Run(CreateDriver(files), CreateCompilation(UserCode));

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
