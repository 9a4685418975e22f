using Accelerate.Manifest.Reports;
using Accelerate.Results;

namespace Accelerate.Benchmarks;

/// <summary>
/// Writes the summary (<c>--summary</c>) that the <c>AccelerateBenchmark</c> MSBuild target reads to report verdicts:
/// one <see cref="BenchmarkSummaryReport"/> (its documentation is the format's).
/// </summary>
internal static class SummaryJson
{
    public static void Write(string path, HostOptions options, HostOutcome outcome)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, From(options, outcome).ToJson());
    }

    internal static BenchmarkSummaryReport From(HostOptions options, HostOutcome outcome)
    {
        var report = new BenchmarkSummaryReport
        {
            RunId = outcome.RunId?.ToString("D"),
            Profile = options.Profile.Name,
            ResultsPath = outcome.ResultsPath,
            Gate = outcome.SameRun is not null ? "same-run" : options.Baseline is not null ? "baseline" : "history",
            Baseline = outcome.Baseline is { } b
                ? new BenchmarkSummaryRun
                {
                    RunId = b.Id.ToString("D"),
                    Name = b.BaselineName,
                    StartedAt = b.StartedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                    GitCommit = b.GitCommit,
                }
                : null,
            SameRun = options.CompareBuild is { } build && outcome.SameRun is not null
                ? new BenchmarkSummarySameRun { Label = options.CompareLabel, Build = build, Threshold = options.SameRunThreshold, ElapsedSeconds = outcome.SameRunElapsed?.TotalSeconds }
                : null,
            Threshold = options.Threshold,
            PersistenceRuns = options.PersistenceRuns,
            FailOnRegression = options.FailOnRegression,
            Regression = outcome.Regression,
            ExitCode = outcome.ExitCode,
            Reports = new BenchmarkSummaryReports { Markdown = outcome.MarkdownReport, Html = outcome.HtmlReport },
            Artifacts = outcome.ArtifactsResults,
        };

        // One entry per case of either comparison, in the stored run's order, then cases only the same-run one has.
        var sameRun = (outcome.SameRun ?? []).ToDictionary(c => c.Key);
        foreach (var history in outcome.Comparisons)
        {
            sameRun.Remove(history.Key, out var paired);
            report.Cases.Add(Case(history, history, paired, outcome.SameRun is not null));
        }

        foreach (var paired in sameRun.Values)
        {
            report.Cases.Add(Case(paired, null, paired, true));
        }

        report.Skipped.AddRange(outcome.Skipped.Select(s => new BenchmarkSummarySkipped { Model = s.Model, Backend = s.Backend.Backend, Reason = s.Backend.Reason }));
        report.Failed.AddRange(outcome.Failures.Select(f => new BenchmarkSummaryFailure { Model = f.Model, Case = f.Case, Error = f.Error }));
        return report;
    }

    private static BenchmarkSummaryCase Case(CaseComparison any, CaseComparison? history, CaseComparison? sameRun, bool sameRunGates)
    {
        var key = any.Key;
        var gating = sameRunGates ? sameRun : history;
        var current = history?.Current;
        return new BenchmarkSummaryCase
        {
            Model = key.Model,
            Method = key.Method,
            Backend = key.Backend,
            Precision = key.Precision,
            Batch = key.Batch,
            Shape = key.Shape,
            Threads = key.Threads,
            MedianMs = Finite(current?.MedianNs / 1e6),
            P99Ms = Finite(current?.P99Ns / 1e6),
            Verdict = (gating?.Verdict ?? Results.Verdict.New).ToString(),
            VerdictText = gating is null
                ? "New (not in the same-run comparison)"
                : gating.Describe() + (sameRunGates ? " [same-run A/B]" : ""),
            History = history is null ? null : VerdictOf(history),
            SameRun = sameRun is null ? null : VerdictOf(sameRun),
        };
    }

    private static BenchmarkSummaryVerdict VerdictOf(CaseComparison c) => new()
    {
        Verdict = c.Verdict.ToString(),
        Ratio = Finite(c.RatioOfMedians),
        PValue = Finite(c.PValue),
        BaselineMedianMs = Finite(c.Baseline?.MedianNs / 1e6),
        CurrentMedianMs = Finite(c.Current?.MedianNs / 1e6),
        Note = c.Note,
    };

    // JSON has no NaN or infinity: those (and missing values) are null.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;
}
