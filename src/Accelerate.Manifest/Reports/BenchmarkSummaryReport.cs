using System;
using System.Collections.Generic;
using System.Text.Json;

namespace Accelerate.Manifest.Reports;

/// <summary>
/// The benchmark summary (<c>summary.json</c>, the host's <c>--summary</c>), the one interface between a benchmark
/// run and whatever reads its verdicts: the build's <c>AccelerateReportBenchmarks</c> task, the CLI and the service.
/// Written by Accelerate.Benchmarks; read with <see cref="Read"/> only, so every reader sees the same validation.
/// </summary>
/// <remarks>Times are milliseconds of one call. Numbers that are not finite (a ratio without a baseline) are null.</remarks>
public sealed class BenchmarkSummaryReport
{
    /// <summary>The format version this library writes and reads (2: per-case history and same-run verdicts).</summary>
    public const int CurrentFormatVersion = 2;

    /// <summary>The verdict strings a case can have.</summary>
    public static readonly IReadOnlyList<string> Verdicts = ["Faster", "Same", "Slower", "New", "Missing"];

    /// <summary>Always <see cref="CurrentFormatVersion"/> when written by this library.</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>The stored run; null when nothing was stored.</summary>
    public string? RunId { get; set; }

    /// <summary>The profile (quick, default, thorough).</summary>
    public string Profile { get; set; } = "";

    /// <summary>The results file.</summary>
    public string? ResultsPath { get; set; }

    /// <summary>What decided the verdicts that gate: <c>same-run</c>, <c>history</c> or <c>baseline</c> (a named run).</summary>
    public string Gate { get; set; } = "history";

    /// <summary>The stored run compared with: the named baseline, or the newest earlier run of the testbed; null when none.</summary>
    public BenchmarkSummaryRun? Baseline { get; set; }

    /// <summary>The build measured beside this one, when the same-run comparison ran.</summary>
    public BenchmarkSummarySameRun? SameRun { get; set; }

    /// <summary>The relative change that counts against stored runs.</summary>
    public double Threshold { get; set; }

    /// <summary>History: how many of the latest runs a change must hold over.</summary>
    public int PersistenceRuns { get; set; }

    /// <summary>Whether a Slower case fails the build.</summary>
    public bool FailOnRegression { get; set; }

    /// <summary>Whether any gating verdict is Slower.</summary>
    public bool Regression { get; set; }

    /// <summary>The host's exit code.</summary>
    public int ExitCode { get; set; }

    /// <summary>The reports written.</summary>
    public BenchmarkSummaryReports Reports { get; set; } = new();

    /// <summary>BenchmarkDotNet's results folder.</summary>
    public string? Artifacts { get; set; }

    /// <summary>One entry per case.</summary>
    public List<BenchmarkSummaryCase> Cases { get; set; } = [];

    /// <summary>Backends that were not available.</summary>
    public List<BenchmarkSummarySkipped> Skipped { get; set; } = [];

    /// <summary>Cases (or the run) that failed.</summary>
    public List<BenchmarkSummaryFailure> Failed { get; set; } = [];

    /// <summary>The summary as indented JSON, ending with a newline.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Options) + "\n";

    /// <summary>
    /// Reads and checks a summary. A malformed or foreign file (no format version, another version, no cases list, a
    /// case without model or with an unknown verdict) is a <see cref="FormatException"/> naming <paramref name="source"/>.
    /// </summary>
    /// <param name="json">The file's text.</param>
    /// <param name="source">What to call it in messages (usually its path).</param>
    public static BenchmarkSummaryReport Read(string json, string source)
    {
        var report = ReportJson.Read<BenchmarkSummaryReport>(json, source, "benchmark summary", CurrentFormatVersion, "cases");
        foreach (var c in report.Cases)
        {
            if (string.IsNullOrEmpty(c.Model))
            {
                throw new FormatException($"'{source}': a case has no model.");
            }

            foreach (var verdict in new[] { c.Verdict, c.History?.Verdict, c.SameRun?.Verdict })
            {
                if (verdict is not null && !((IList<string>)Verdicts).Contains(verdict))
                {
                    throw new FormatException($"'{source}': a case of {c.Model} has verdict '{verdict}'.");
                }
            }
        }

        return report;
    }
}

/// <summary>A stored run a summary refers to.</summary>
public sealed class BenchmarkSummaryRun
{
    /// <summary>The run's id.</summary>
    public string RunId { get; set; } = "";

    /// <summary>Its baseline name, when it has one.</summary>
    public string? Name { get; set; }

    /// <summary>When it started (ISO 8601).</summary>
    public string? StartedAt { get; set; }

    /// <summary>Its git commit.</summary>
    public string? GitCommit { get; set; }
}

/// <summary>The baseline build of a same-run comparison.</summary>
public sealed class BenchmarkSummarySameRun
{
    /// <summary>What the baseline build is (git ref and commit), as the build named it.</summary>
    public string? Label { get; set; }

    /// <summary>The baseline build's benchmark assembly.</summary>
    public string Build { get; set; } = "";

    /// <summary>The relative change that counts in the paired comparison.</summary>
    public double Threshold { get; set; }

    /// <summary>How long the comparison took, seconds.</summary>
    public double? ElapsedSeconds { get; set; }
}

/// <summary>The report files of a run.</summary>
public sealed class BenchmarkSummaryReports
{
    /// <summary>report.md.</summary>
    public string? Markdown { get; set; }

    /// <summary>report.html.</summary>
    public string? Html { get; set; }
}

/// <summary>One case of a summary.</summary>
public sealed class BenchmarkSummaryCase
{
    /// <summary>The model.</summary>
    public string Model { get; set; } = "";

    /// <summary><c>raw</c> or <c>end-to-end</c>.</summary>
    public string Method { get; set; } = "";

    /// <summary>The backend.</summary>
    public string Backend { get; set; } = "";

    /// <summary>The precision variant.</summary>
    public string Precision { get; set; } = "fp32";

    /// <summary>The batch size.</summary>
    public int Batch { get; set; }

    /// <summary>The shape, e.g. <c>seq=16</c>.</summary>
    public string Shape { get; set; } = "";

    /// <summary>The intra-op thread count.</summary>
    public int Threads { get; set; }

    /// <summary>This run's median, ms; null for a Missing case.</summary>
    public double? MedianMs { get; set; }

    /// <summary>This run's p99, ms.</summary>
    public double? P99Ms { get; set; }

    /// <summary>The gating verdict (the same-run one when it ran, else the history or named baseline one).</summary>
    public string Verdict { get; set; } = "New";

    /// <summary>The gating verdict in words, with its note: what the build output prints.</summary>
    public string VerdictText { get; set; } = "";

    /// <summary>The comparison with stored runs; null when the case is only in the same-run comparison.</summary>
    public BenchmarkSummaryVerdict? History { get; set; }

    /// <summary>The same-run comparison; null when it did not run.</summary>
    public BenchmarkSummaryVerdict? SameRun { get; set; }
}

/// <summary>One verdict of a case.</summary>
public sealed class BenchmarkSummaryVerdict
{
    /// <summary>Faster, Same, Slower, New or Missing.</summary>
    public string Verdict { get; set; } = "";

    /// <summary>Current / baseline median (above 1 = slower).</summary>
    public double? Ratio { get; set; }

    /// <summary>The test's p-value.</summary>
    public double? PValue { get; set; }

    /// <summary>The baseline's median, ms.</summary>
    public double? BaselineMedianMs { get; set; }

    /// <summary>The current side's median, ms (the same-run comparison's own measurement).</summary>
    public double? CurrentMedianMs { get; set; }

    /// <summary>Why the verdict is what it is, when the numbers alone do not say.</summary>
    public string? Note { get; set; }
}

/// <summary>A backend that was not available.</summary>
public sealed class BenchmarkSummarySkipped
{
    /// <summary>The model.</summary>
    public string Model { get; set; } = "";

    /// <summary>The backend.</summary>
    public string Backend { get; set; } = "";

    /// <summary>Why.</summary>
    public string Reason { get; set; } = "";
}

/// <summary>A case (or the run) that failed.</summary>
public sealed class BenchmarkSummaryFailure
{
    /// <summary>The model; empty for the whole run.</summary>
    public string Model { get; set; } = "";

    /// <summary>The case.</summary>
    public string Case { get; set; } = "";

    /// <summary>What went wrong.</summary>
    public string Error { get; set; } = "";
}
