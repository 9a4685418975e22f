namespace Accelerate.Results;

/// <summary>What <see cref="ReportWriter"/> writes about a run and how it finds the baseline.</summary>
public sealed record ReportOptions
{
    /// <summary>Compare with the run of this baseline name; when null (and <see cref="BaselineRunId"/> too), with the
    /// history of the run's testbed by <see cref="RegressionGate.CompareHistory"/>.</summary>
    public string? BaselineName { get; init; }

    /// <summary>Compare with this run (wins over <see cref="BaselineName"/>).</summary>
    public Guid? BaselineRunId { get; init; }

    /// <summary>The regression gate's settings.</summary>
    public GateOptions Gate { get; init; } = GateOptions.Default;

    /// <summary>How many runs (of the same machine, profile and kind, up to this one) the trend chart shows; default 20.</summary>
    public int TrendRuns { get; init; } = 20;

    /// <summary>The folder to write to; <see cref="ReportWriter.DefaultDirectory"/> when null.</summary>
    public string? Directory { get; init; }

    /// <summary>The same-run A/B comparisons (<see cref="RegressionGate.ComparePaired"/>), shown beside the stored-run verdicts; empty when none ran.</summary>
    public IReadOnlyList<CaseComparison> SameRun { get; init; } = [];

    /// <summary>What the same-run comparison measured as its baseline (a git ref and commit), for the report's header.</summary>
    public string? SameRunBaseline { get; init; }

    /// <summary>The gate settings the same-run comparisons used; <see cref="Gate"/> when null.</summary>
    public GateOptions? SameRunGate { get; init; }
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
/// <param name="Comparisons">The regression gate's comparisons with the baseline run or the testbed's history (empty without either).</param>
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
    /// <summary>The same-run A/B comparisons, when the run measured its baseline build too (see <see cref="ReportOptions.SameRun"/>).</summary>
    public IReadOnlyList<CaseComparison> SameRun { get; init; } = [];

    /// <summary>What the same-run comparison measured as its baseline.</summary>
    public string? SameRunBaseline { get; init; }

    /// <summary>The gate settings the same-run comparisons used.</summary>
    public GateOptions? SameRunGate { get; init; }

    /// <summary>Whether <see cref="Comparisons"/> come from the testbed's history rather than one named run.</summary>
    public bool ComparedWithHistory => Comparisons.Count > 0 && Comparisons[0].Source == VerdictSource.History;

    /// <summary>
    /// Loads a run, compares it with its baseline (<see cref="ReportOptions.BaselineRunId"/>, else
    /// <see cref="ReportOptions.BaselineName"/>) or, without either, with the history of its testbed (the earlier runs of
    /// the same machine, CPU, core count, OS, profile and kind; <see cref="RegressionGate.CompareHistory"/>), and
    /// collects the trend. <see cref="Baseline"/> is then the newest earlier run of the testbed.
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
        RunInfo? baseline;
        IReadOnlyList<CaseComparison> comparisons;
        if (options.BaselineRunId is { } baselineId)
        {
            baseline = store.Run(baselineId) ?? throw new ArgumentException($"Baseline run {baselineId} is not stored in '{store.Path}'.", nameof(options));
            comparisons = RegressionGate.Compare(store.Cases(baseline.Id), cases, options.Gate);
        }
        else if (options.BaselineName is { Length: > 0 } name)
        {
            baseline = store.Baseline(name);
            comparisons = baseline is null ? [] : RegressionGate.Compare(store.Cases(baseline.Id), cases, options.Gate);
        }
        else
        {
            var earlier = Testbed(store, run)
                .Where(r => r.StartedAt < run.StartedAt && r.Id != run.Id)
                .Take(options.Gate.PersistenceRuns - 1 + options.Gate.ReferenceRuns)
                .ToList();
            baseline = earlier.FirstOrDefault();
            comparisons = earlier.Count == 0 ? [] : RegressionGate.CompareHistory(earlier.Select(r => store.Cases(r.Id)).ToList(), cases, options.Gate);
        }

        var trend = store.Runs(run.Machine, run.Profile, run.Kind)
            .Where(r => r.StartedAt < run.StartedAt || r.Id == run.Id)
            .Take(Math.Max(1, options.TrendRuns))
            .Reverse()
            .Select(r => new TrendPoint(r, r.Id == run.Id ? cases : store.Cases(r.Id)))
            .ToArray();
        return new ReportData(run, store.Models(runId), cases, store.TestResults(runId), baseline, comparisons, trend, options.Gate)
        {
            SameRun = options.SameRun,
            SameRunBaseline = options.SameRunBaseline,
            SameRunGate = options.SameRunGate ?? options.Gate,
        };
    }

    /// <summary>
    /// The runs of <paramref name="run"/>'s testbed, newest first: same machine, CPU model, core count, OS, profile and
    /// kind (model, backend, precision, shape and threads are matched per case by its key).
    /// </summary>
    /// <param name="store">The store.</param>
    /// <param name="run">The run.</param>
    /// <returns>The runs, <paramref name="run"/> included when stored.</returns>
    public static IReadOnlyList<RunInfo> Testbed(ResultsStore store, RunInfo run)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(run);
        return store.Runs(run.Machine, run.Profile, run.Kind)
            .Where(r => r.CpuModel == run.CpuModel && r.Cores == run.Cores && r.Os == run.Os)
            .ToList();
    }

    /// <summary>The comparison of a case of this run, if any.</summary>
    /// <param name="key">The case.</param>
    /// <returns>The comparison, or null without a baseline.</returns>
    public CaseComparison? ComparisonOf(CaseKey key) => Comparisons.FirstOrDefault(c => c.Key == key);
}
