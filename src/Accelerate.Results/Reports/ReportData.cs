namespace Accelerate.Results;

/// <summary>What <see cref="ReportWriter"/> writes about a run and how it finds the baseline.</summary>
public sealed record ReportOptions
{
    /// <summary>Compare with the run of this baseline name; when null, with the previous run of the same machine and profile.</summary>
    public string? BaselineName { get; init; }

    /// <summary>Compare with this run (wins over <see cref="BaselineName"/>).</summary>
    public Guid? BaselineRunId { get; init; }

    /// <summary>The regression gate's settings.</summary>
    public GateOptions Gate { get; init; } = GateOptions.Default;

    /// <summary>How many runs (of the same machine, profile and kind, up to this one) the trend chart shows; default 20.</summary>
    public int TrendRuns { get; init; } = 20;

    /// <summary>The folder to write to; <see cref="ReportWriter.DefaultDirectory"/> when null.</summary>
    public string? Directory { get; init; }
}

/// <summary>One earlier (or this) run's cases, for the trend chart.</summary>
/// <param name="Run">The run.</param>
/// <param name="Cases">Its cases.</param>
public sealed record TrendPoint(RunInfo Run, IReadOnlyList<BenchmarkCase> Cases);

/// <summary>Everything a report shows, loaded from a store (<see cref="Load"/>) or assembled by the caller.</summary>
/// <param name="Run">The run.</param>
/// <param name="Models">Its models.</param>
/// <param name="Cases">Its benchmark cases.</param>
/// <param name="Tests">Its test-matrix results.</param>
/// <param name="Baseline">The baseline run, when there is one.</param>
/// <param name="Comparisons">The regression gate's comparisons with the baseline (empty without one).</param>
/// <param name="Trend">The runs of the trend chart, oldest first, ending with <paramref name="Run"/>.</param>
/// <param name="Gate">The gate settings the comparisons used.</param>
public sealed record ReportData(
    RunInfo Run,
    IReadOnlyList<ModelInfo> Models,
    IReadOnlyList<BenchmarkCase> Cases,
    IReadOnlyList<TestResult> Tests,
    RunInfo? Baseline,
    IReadOnlyList<CaseComparison> Comparisons,
    IReadOnlyList<TrendPoint> Trend,
    GateOptions Gate)
{
    /// <summary>
    /// Loads a run, finds its baseline (<see cref="ReportOptions.BaselineRunId"/>, else <see cref="ReportOptions.BaselineName"/>,
    /// else <see cref="ResultsStore.BaselineFor"/>'s previous run), compares with it and collects the trend.
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="runId">The run.</param>
    /// <param name="options">The options; defaults when null.</param>
    /// <returns>The data.</returns>
    /// <exception cref="ArgumentException">The run (or the baseline run id) is not stored.</exception>
    public static ReportData Load(ResultsStore store, Guid runId, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new ReportOptions();
        var run = store.Run(runId) ?? throw new ArgumentException($"Run {runId} is not stored in '{store.Path}'.", nameof(runId));
        var cases = store.Cases(runId);
        RunInfo? baseline = options.BaselineRunId is { } baselineId
            ? store.Run(baselineId) ?? throw new ArgumentException($"Baseline run {baselineId} is not stored in '{store.Path}'.", nameof(options))
            : store.BaselineFor(runId, options.BaselineName);
        var comparisons = baseline is null ? [] : RegressionGate.Compare(store.Cases(baseline.Id), cases, options.Gate);
        var trend = store.Runs(run.Machine, run.Profile, run.Kind)
            .Where(r => r.StartedAt < run.StartedAt || r.Id == run.Id)
            .Take(Math.Max(1, options.TrendRuns))
            .Reverse()
            .Select(r => new TrendPoint(r, r.Id == run.Id ? cases : store.Cases(r.Id)))
            .ToArray();
        return new ReportData(run, store.Models(runId), cases, store.TestResults(runId), baseline, comparisons, trend, options.Gate);
    }

    /// <summary>The comparison of a case of this run, if any.</summary>
    /// <param name="key">The case.</param>
    /// <returns>The comparison, or null without a baseline.</returns>
    public CaseComparison? ComparisonOf(CaseKey key) => Comparisons.FirstOrDefault(c => c.Key == key);
}
