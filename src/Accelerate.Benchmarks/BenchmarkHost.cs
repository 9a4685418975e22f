using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Accelerate.Benchmarks.SameRun;
using Accelerate.Results;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BdnCase = BenchmarkDotNet.Running.BenchmarkCase;
using StoredCase = Accelerate.Results.BenchmarkCase;

namespace Accelerate.Benchmarks;

/// <summary>
/// Runs the generated benchmark suites of an assembly: BenchmarkDotNet first, then a per-call latency pass, then one
/// run in the results store, the regression gate against a baseline, reports, a summary JSON and a summary table.
/// </summary>
public static class BenchmarkHost
{
    /// <summary>The exit code when a case (or the whole run) failed.</summary>
    public const int FailedExitCode = 1;

    /// <summary>The exit code for invalid arguments.</summary>
    public const int UsageExitCode = 2;

    /// <summary>The exit code when a case is Slower than the baseline and <c>--fail-on-regression</c> was given.</summary>
    public const int RegressionExitCode = 3;

    /// <summary>
    /// Runs every <see cref="ModelBenchmark"/> subclass in <paramref name="assembly"/> with the profile from
    /// <paramref name="args"/>, then: a per-call latency pass for every case (see <see cref="BenchmarkProfile"/>),
    /// p50/p90/p99/p99.9 from those latencies, items/s (batch / median) and tokens/s (text shapes: batch × sequence /
    /// median); stores one run in the results store; compares it with the baseline through
    /// <see cref="RegressionGate"/>; writes the Markdown and HTML reports; writes the summary JSON when asked; prints a
    /// summary table.
    /// </summary>
    /// <remarks>
    /// Options: <c>--profile quick|default|thorough</c>, <c>--results &lt;duckdb path&gt;</c>, <c>--baseline &lt;name&gt;</c>
    /// (default: the latest earlier run of the same machine and profile), <c>--save-baseline &lt;name&gt;</c>,
    /// <c>--threshold &lt;fraction&gt;</c> (default 0.05), <c>--artifacts &lt;dir&gt;</c>, <c>--reports &lt;dir&gt;</c>,
    /// <c>--summary &lt;json path&gt;</c>, <c>--filter &lt;glob&gt;</c> (on <c>Namespace.Type.Method</c>, repeatable),
    /// <c>--project &lt;dir&gt;</c>, <c>--fail-on-regression</c>, <c>--help</c>. A backend that is not available is
    /// reported as skipped, with the reason, and never measured on another backend.
    /// </remarks>
    /// <param name="args">The command line.</param>
    /// <param name="assembly">The assembly with the generated benchmark classes.</param>
    /// <returns>0; 1 when a case or the run failed; 2 for invalid arguments; 3 when a case is Slower and
    /// <c>--fail-on-regression</c> was given.</returns>
    public static int Run(string[] args, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(assembly);
        if (args.Any(a => a is "--help" or "-h" or "-?"))
        {
            Console.Out.WriteLine(HostOptions.Usage);
            return 0;
        }

        HostOptions options;
        try
        {
            options = HostOptions.Parse(args);
        }
        catch (ArgumentException e)
        {
            Console.Error.WriteLine($"Accelerate benchmarks: invalid arguments: {e.Message}");
            Console.Error.WriteLine(HostOptions.Usage);
            return UsageExitCode;
        }

        if (options.Worker)
        {
            return SameRunWorker.Serve(options, assembly, Console.In, Console.Out);
        }

        try
        {
            return Execute(options, assembly, Console.Out, Console.Error).ExitCode;
        }
        catch (Exception e)
        {
            // Anything unexpected (a DuckDB error while storing, say): one clear line, the summary JSON, exit code 1.
            return Fail(options, Console.Error, FailedExitCode, $"the benchmark run failed: {e}").ExitCode;
        }
    }

    /// <summary>Runs the suites (the body of <see cref="Run"/>, with the outcome returned for tests).</summary>
    internal static HostOutcome Execute(HostOptions options, Assembly assembly, TextWriter output, TextWriter errors)
    {
        var wall = Stopwatch.StartNew();
        var types = BenchmarkTypes(assembly);
        if (types.Count == 0)
        {
            return Fail(options, errors, FailedExitCode, $"{assembly.GetName().Name} has no public non-abstract class deriving from {nameof(ModelBenchmark)}.");
        }

        ResultsStore store;
        try
        {
            store = ResultsStore.Open(options.EffectiveResultsPath);
        }
        catch (Exception e) when (e is IOException or ResultsSchemaException or UnauthorizedAccessException)
        {
            return Fail(options, errors, FailedExitCode, e.Message);
        }

        using (store)
        {
            if (options.Baseline is { } name && store.Baseline(name) is null)
            {
                return Fail(options, errors, UsageExitCode, $"--baseline {name}: no run in '{store.Path}' has that baseline name (name one with --save-baseline).");
            }

            if (options.CompareBuild is { } build && !File.Exists(build))
            {
                return Fail(options, errors, UsageExitCode, $"--compare-build {build}: the file does not exist.");
            }

            if (options.SameRunOnly && options.CompareBuild is null)
            {
                return Fail(options, errors, UsageExitCode, "--same-run-only needs --compare-build <the baseline build's assembly>.");
            }

            var run = RunInfo.Capture(options.Profile.Name, RunKinds.Benchmark, options.ProjectDirectory);
            var outcome = options.SameRunOnly ? new Measured() : Measure(options, types, output, errors);
            var sameRun = options.CompareBuild is { } baselineBuild && (options.SameRunOnly || outcome.Cases.Count > 0)
                ? SameRunComparison.Run(options, assembly.Location, baselineBuild, output)
                : null;
            return Finish(options, store, run, outcome, sameRun, wall, output, errors);
        }
    }

    // A failure before anything was measured: reported on stderr and, when asked, in the summary JSON.
    private static HostOutcome Fail(HostOptions options, TextWriter errors, int exitCode, string message)
    {
        errors.WriteLine($"Accelerate benchmarks: FAILED: {message}");
        var summaryPath = options.SummaryPath is { } s ? Path.GetFullPath(s) : null;
        var outcome = new HostOutcome(exitCode, null, options.EffectiveResultsPath, null, [], [], [new CaseFailure("", "", message)], null, null, summaryPath, null);
        if (summaryPath is not null)
        {
            SummaryJson.Write(summaryPath, options, outcome);
        }

        return outcome;
    }

    private static IReadOnlyList<Type> BenchmarkTypes(Assembly assembly)
    {
        Type[] all;
        try
        {
            all = assembly.GetTypes();
        }
        catch (ReflectionTypeLoadException e)
        {
            all = e.Types.Where(t => t is not null).ToArray()!;
        }

        return all
            .Where(t => t is { IsClass: true, IsAbstract: false, IsGenericTypeDefinition: false } && (t.IsPublic || t.IsNestedPublic)
                && typeof(ModelBenchmark).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToList();
    }

    private static Measured Measure(HostOptions options, IReadOnlyList<Type> types, TextWriter output, TextWriter errors)
    {
        // SelectShapes/SelectThreads in the classes' [ParamsSource] members read the profile while BenchmarkDotNet
        // converts the classes (and, should it evaluate them again, while it runs them).
        var previous = ModelBenchmark.CurrentProfile;
        ModelBenchmark.CurrentProfile = options.Profile;
        try
        {
            return MeasureWithProfile(options, types, output, errors);
        }
        finally
        {
            ModelBenchmark.CurrentProfile = previous;
        }
    }

    private static Measured MeasureWithProfile(HostOptions options, IReadOnlyList<Type> types, TextWriter output, TextWriter errors)
    {
        var measured = new Measured();
        var config = Config(options);

        var runInfos = Convert(options, types, config, measured, output);
        if (runInfos.Count == 0)
        {
            return measured;
        }

        var summaries = BenchmarkRunner.Run(runInfos.Select(r => r.Info).ToArray());
        measured.BdnResultsDirectory = summaries.Select(s => s.ResultsDirectoryPath).FirstOrDefault(p => !string.IsNullOrEmpty(p));
        var pending = new List<PendingCase>();
        foreach (var (summary, model) in summaries.Zip(runInfos.Select(r => r.Model)))
        {
            foreach (var error in summary.ValidationErrors)
            {
                if (error.IsCritical)
                {
                    measured.Failures.Add(new CaseFailure(model.ModelName, error.BenchmarkCase?.DisplayInfo ?? "(every case)", $"BenchmarkDotNet: {error.Message}"));
                }
                else
                {
                    output.WriteLine($"{model.ModelName}: BenchmarkDotNet: {error.Message}");
                }
            }

            foreach (var benchmarkCase in summary.BenchmarksCases)
            {
                if (Pending(summary, benchmarkCase, model, measured) is { } ok)
                {
                    pending.Add(ok);
                }
            }
        }

        // The per-call latency pass, over every case BenchmarkDotNet measured.
        var results = LatencyPass.MeasureAll(
            pending.Select(p => p.Case).ToList(),
            options.Profile,
            (c, r) => output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{pending.First(p => p.Case == c).Description.Display}: {r.MeasurementsNs.Count} calls timed, median {LatencyStatistics.Median(r.MeasurementsNs) / 1e6:0.###} ms (latency pass {r.Elapsed.TotalSeconds:0.0} s)")));
        var keys = new HashSet<CaseKey>();
        foreach (var p in pending)
        {
            Store(p, results[p.Case], keys, measured);
        }

        return measured;
    }

    private static IConfig Config(HostOptions options)
    {
        IConfig config = options.Profile.CreateConfig(options.EffectiveArtifactsPath);
        return options.Filters.Count > 0 ? ManualConfig.Create(config).AddFilter(new GlobFilter(options.Filters.ToArray())) : config;
    }

    // Converts every selected class first: that evaluates each [ParamsSource], so backends skipped by
    // AvailableBackends are attributed to the class whose parameters asked for them.
    private static List<(BenchmarkRunInfo Info, ModelBenchmarkInfo Model)> Convert(HostOptions options, IReadOnlyList<Type> types, IConfig config, Measured measured, TextWriter output)
    {
        var runInfos = new List<(BenchmarkRunInfo Info, ModelBenchmarkInfo Model)>();
        foreach (var type in types.Where(t => Selected(t, options.Filters)))
        {
            ModelBenchmarkInfo model;
            try
            {
                model = ((ModelBenchmark)Activator.CreateInstance(type)!).Info;
            }
            catch (Exception e)
            {
                measured.Failures.Add(new CaseFailure(type.Name, type.FullName!, $"cannot create the class: {Unwrap(e).Message}"));
                continue;
            }

            if (!measured.Models.Any(m => m.ModelName == model.ModelName))
            {
                measured.Models.Add(model);
            }

            ModelBenchmark.TakeSkipped();
            try
            {
                var info = BenchmarkConverter.TypeToBenchmarks(type, config);
                foreach (var skipped in ModelBenchmark.TakeSkipped())
                {
                    measured.Skipped.Add((model.ModelName, skipped));
                    output.WriteLine($"{model.ModelName} [{skipped.Backend}]: skipped: {skipped.Reason}");
                    if (skipped.Required)
                    {
                        measured.Failures.Add(new CaseFailure(model.ModelName, skipped.Backend, $"required by ACCELERATE_REQUIRE_BACKENDS but unavailable: {skipped.Reason}"));
                    }
                }

                if (info.BenchmarksCases.Length > 0)
                {
                    runInfos.Add((info, model));
                }
            }
            catch (Exception e)
            {
                measured.Failures.Add(new CaseFailure(model.ModelName, type.FullName!, $"BenchmarkDotNet cannot read the class: {Unwrap(e).Message}"));
            }
        }

        return runInfos;
    }

    /// <summary>
    /// The cases the profile and filters select, described, without measuring anything (for a same-run worker):
    /// classes that cannot be converted and skipped backends are left out, as the measuring run reports them.
    /// </summary>
    internal static IReadOnlyList<(BdnCase Case, CaseDescription Description)> ListCases(HostOptions options, Assembly assembly)
    {
        var previous = ModelBenchmark.CurrentProfile;
        ModelBenchmark.CurrentProfile = options.Profile;
        try
        {
            var config = Config(options);

            var cases = new List<(BdnCase, CaseDescription)>();
            foreach (var (info, model) in Convert(options, BenchmarkTypes(assembly), config, new Measured(), TextWriter.Null))
            {
                foreach (var benchmarkCase in info.BenchmarksCases)
                {
                    try
                    {
                        cases.Add((benchmarkCase, CaseDescription.From(benchmarkCase, model.ModelName)));
                    }
                    catch (InvalidOperationException)
                    {
                        // The measuring run reports a badly named method.
                    }
                }
            }

            return cases;
        }
        finally
        {
            ModelBenchmark.CurrentProfile = previous;
        }
    }

    // Whether --filter selects any [Benchmark] method of the class (a class filtered out entirely is not even
    // converted, so the backends its parameters skip are not reported). Globs as BenchmarkDotNet's: * and ?, whole
    // name, case-insensitive, on Namespace.Type.Method.
    private static bool Selected(Type type, IReadOnlyList<string> filters)
    {
        if (filters.Count == 0)
        {
            return true;
        }

        var patterns = filters
            .Select(f => new Regex("^" + Regex.Escape(f).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            .ToList();
        return type.GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Where(m => m.IsDefined(typeof(BenchmarkAttribute), inherit: true))
            .Any(m => patterns.Any(p => p.IsMatch($"{type.FullName}.{m.Name}")));
    }

    // The case's description, when BenchmarkDotNet measured it; otherwise the failure is recorded and null returned.
    private static PendingCase? Pending(Summary summary, BdnCase benchmarkCase, ModelBenchmarkInfo model, Measured measured)
    {
        CaseDescription description;
        try
        {
            description = CaseDescription.From(benchmarkCase, model.ModelName);
        }
        catch (InvalidOperationException e)
        {
            measured.Failures.Add(new CaseFailure(model.ModelName, benchmarkCase.DisplayInfo, e.Message));
            return null;
        }

        var report = summary.Reports.FirstOrDefault(r => ReferenceEquals(r.BenchmarkCase, benchmarkCase));
        if (report is null || !report.Success || report.ResultStatistics is null)
        {
            var reported = report?.ExecuteResults.SelectMany(r => r.Errors).Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()).FirstOrDefault();
            reported ??= LatencyPass.Diagnose(benchmarkCase) ?? "no error reported";
            var why = reported.Length > 600 ? reported[..600] + "…" : reported;
            measured.Failures.Add(new CaseFailure(model.ModelName, description.Display,
                $"BenchmarkDotNet could not measure it ({why}); see its log {summary.LogFilePath}"));
            return null;
        }

        return new PendingCase(benchmarkCase, description, report.GcStats.GetBytesAllocatedPerOperation(benchmarkCase));
    }

    // Turns a case and its latency pass into the stored case (or a failure).
    private static void Store(PendingCase pending, (LatencyResult? Result, Exception? Error) pass, HashSet<CaseKey> keys, Measured measured)
    {
        var (benchmarkCase, description, allocated) = pending;
        if (pass.Result is not { } latency)
        {
            var e = pass.Error!;
            measured.Failures.Add(new CaseFailure(description.Model, description.Display, $"latency pass failed: {e.GetType().Name}: {e.Message}"));
            return;
        }

        var backend = description.Backend ?? latency.LoadedBackend;
        if (backend is null)
        {
            measured.Failures.Add(new CaseFailure(description.Model, description.Display,
                "the case has no Backend parameter and its setup did not load the model through ModelBenchmark.Load, so its backend is unknown"));
            return;
        }

        if (latency.LoadedBackend is { } loaded && !string.Equals(loaded, backend, StringComparison.Ordinal))
        {
            measured.Failures.Add(new CaseFailure(description.Model, description.Display, $"the session ran on '{loaded}', not '{backend}'"));
            return;
        }

        var medianNs = LatencyStatistics.Median(latency.MeasurementsNs);
        var perSecond = medianNs > 0 ? 1e9 / medianNs : 0;
        var stored = new StoredCase
        {
            Model = description.Model,
            Method = description.Method,
            Backend = backend,
            Precision = description.Precision,
            Batch = description.Batch,
            Shape = description.Shape,
            Threads = description.Threads,
            Measurements = latency.MeasurementsNs,
            AllocatedBytesPerOp = allocated,
            ItemsPerSecond = description.Batch * perSecond,
            TokensPerSecond = description.TokensPerItem is { } tokens ? (double)description.Batch * tokens * perSecond : null,
            LoadTimeMs = latency.LoadTime?.TotalMilliseconds,
            PeakRssBytes = latency.PeakRssBytes,
        }.WithStatistics();

        if (!keys.Add(stored.Key))
        {
            measured.Failures.Add(new CaseFailure(description.Model, description.Display,
                $"another case has the same key; name the parameters that tell them apart as {nameof(ModelBenchmark)} documents"));
            return;
        }

        measured.Cases.Add(stored);
    }

    private static HostOutcome Finish(HostOptions options, ResultsStore store, RunInfo run, Measured measured, SameRunResult? sameRun, Stopwatch wall, TextWriter output, TextWriter errors)
    {
        var gate = new GateOptions { Threshold = options.Threshold, PersistenceRuns = options.PersistenceRuns };
        Guid? runId = null;
        RunInfo? baseline = null;
        IReadOnlyList<CaseComparison> comparisons = [];
        string? markdown = null, html = null;
        measured.Failures.AddRange(sameRun?.Failures ?? []);
        var failed = measured.Failures.Count > 0;
        if (options.SameRunOnly)
        {
            output.WriteLine("Same-run comparison only: nothing stored, no reports.");
        }
        else if (measured.Cases.Count == 0)
        {
            output.WriteLine(measured.Failures.Count == 0
                ? "Nothing was measured (every backend was skipped or filtered out); no run stored."
                : "Nothing was measured; no run stored.");
        }
        else
        {
            run = run with { FinishedAt = DateTimeOffset.UtcNow };
            var models = measured.Models
                .Where(m => measured.Cases.Any(c => c.Model == m.ModelName))
                .Select(m => new ModelInfo(m.ModelName, NullIfEmpty(m.Source), NullIfEmpty(m.Sha256), DefaultOpset(m.Opset)))
                .ToList();
            runId = store.AddRun(run, models, measured.Cases, []);
            var reportOptions = new ReportOptions
            {
                BaselineName = options.Baseline,
                Gate = gate,
                Directory = options.ReportsPath is { } reports ? Path.GetFullPath(reports) : null,
                SameRun = sameRun?.Comparisons ?? [],
                SameRunBaseline = options.CompareLabel ?? options.CompareBuild,
                SameRunGate = gate with { Threshold = options.SameRunThreshold },
            };
            var data = ReportData.Load(store, runId.Value, reportOptions);
            baseline = data.Baseline;
            comparisons = data.Comparisons.Count > 0
                ? data.Comparisons
                : data.Cases.Select(c => new CaseComparison(c.Key, Verdict.New, double.NaN, double.NaN) { Current = c, Source = VerdictSource.History }).ToList();
            try
            {
                var directory = reportOptions.Directory ?? ReportWriter.DefaultDirectory(store.Path, runId.Value);
                markdown = ReportWriter.WriteMarkdown(data, directory);
                html = ReportWriter.WriteHtml(data, directory);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
            {
                errors.WriteLine($"Accelerate benchmarks: FAILED: writing the reports: {e.Message}");
                failed = true;
            }

            if (options.SaveBaseline is { } saveAs)
            {
                store.SetBaseline(runId.Value, saveAs);
            }
        }

        var outcome = new HostOutcome(0, runId, store.Path, baseline, comparisons, measured.Skipped, measured.Failures, markdown, html, options.SummaryPath is { } s ? Path.GetFullPath(s) : null, measured.BdnResultsDirectory)
        {
            SameRun = sameRun?.Comparisons,
            SameRunElapsed = sameRun?.Elapsed,
        };
        outcome = outcome with { ExitCode = outcome.Regression && options.FailOnRegression ? RegressionExitCode : failed ? FailedExitCode : 0 };
        if (outcome.SummaryPath is { } summaryPath)
        {
            SummaryJson.Write(summaryPath, options, outcome);
        }

        SummaryTable.Write(output, options, outcome, wall.Elapsed);
        foreach (var failure in measured.Failures)
        {
            errors.WriteLine($"Accelerate benchmarks: FAILED: {failure.Model} {failure.Case}: {failure.Error}");
        }

        return outcome;
    }

    // The default-domain opset from "13" or the generator's "ai.onnx 13, com.microsoft 1"; null when absent.
    internal static int? DefaultOpset(string? opsets)
    {
        foreach (var part in (opsets ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var isDefault = words.Length == 1 || (words.Length == 2 && words[0] is "ai.onnx" or "");
            if (isDefault && int.TryParse(words[^1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var version))
            {
                return version;
            }
        }

        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? inner : e;

    private sealed record PendingCase(BdnCase Case, CaseDescription Description, long? AllocatedBytesPerOp);

    private sealed class Measured
    {
        public List<ModelBenchmarkInfo> Models { get; } = [];

        public List<StoredCase> Cases { get; } = [];

        public List<(string Model, SkippedBackend Backend)> Skipped { get; } = [];

        public List<CaseFailure> Failures { get; } = [];

        public string? BdnResultsDirectory { get; set; }
    }
}

/// <summary>A case (or class) that could not be measured.</summary>
/// <param name="Model">The model.</param>
/// <param name="Case">The case, as text.</param>
/// <param name="Error">What went wrong.</param>
internal sealed record CaseFailure(string Model, string Case, string Error);

/// <summary>What <see cref="BenchmarkHost.Execute"/> did.</summary>
internal sealed record HostOutcome(
    int ExitCode,
    Guid? RunId,
    string? ResultsPath,
    RunInfo? Baseline,
    IReadOnlyList<CaseComparison> Comparisons,
    IReadOnlyList<(string Model, SkippedBackend Backend)> Skipped,
    IReadOnlyList<CaseFailure> Failures,
    string? MarkdownReport,
    string? HtmlReport,
    string? SummaryPath,
    string? ArtifactsResults)
{
    /// <summary>The same-run A/B comparisons, when <c>--compare-build</c> ran them.</summary>
    public IReadOnlyList<CaseComparison>? SameRun { get; init; }

    /// <summary>How long the same-run comparison took.</summary>
    public TimeSpan? SameRunElapsed { get; init; }

    /// <summary>The comparisons that gate: the same-run ones when they ran, else those with the stored runs.</summary>
    public IReadOnlyList<CaseComparison> Gating => SameRun ?? Comparisons;

    public bool Regression => RegressionGate.HasRegression(Gating);
}
