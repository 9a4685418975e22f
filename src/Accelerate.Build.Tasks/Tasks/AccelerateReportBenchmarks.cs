using System.Globalization;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Reports;
using Microsoft.Build.Framework;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Reads the summary a benchmark run wrote (see Accelerate.Benchmarks' BenchmarkHost) and reports each case's verdict
/// against the baseline. With <see cref="FailOnRegression"/>, every Slower case is an ACC5001 error placed on its model's
/// manifest ("benchmark" property when there is one); otherwise Slower cases are warnings.
/// </summary>
public sealed class AccelerateReportBenchmarks : RunReportTask
{
    /// <summary>Path of the summary JSON.</summary>
    [Required]
    public string SummaryPath { get; set; } = "";

    /// <summary>Turn Slower verdicts into errors.</summary>
    public bool FailOnRegression { get; set; }

    /// <summary>Manifests of the benchmarked models (to place errors on them), matched by model name.</summary>
    public ITaskItem[] Manifests { get; set; } = [];

    /// <inheritdoc />
    public override bool Execute()
    {
        if (!File.Exists(SummaryPath))
        {
            return RunFailed("it wrote no summary; " + OutputTail());
        }
        try
        {
            return Report();
        }
        catch (FormatException e)
        {
            return RunFailed($"the summary {SummaryPath} could not be read ({e.Message})");
        }
    }

    private bool Report()
    {
        var summary = BenchmarkSummaryReport.Read(File.ReadAllText(SummaryPath), SummaryPath);
        var sameRun = summary.Gate == "same-run";
        var against = sameRun
            ? $"the baseline build ({summary.SameRun?.Label ?? summary.SameRun?.Build}, same-run A/B, sign test"
            : summary.Gate == "baseline"
                ? $"baseline run {summary.Baseline?.RunId}{(summary.Baseline?.Name is { } n ? $" ({n})" : "")} (Mann-Whitney"
                : $"its history (held over the last {summary.PersistenceRuns} runs, Mann-Whitney";
        var threshold = sameRun ? summary.SameRun?.Threshold ?? summary.Threshold : summary.Threshold;
        Log.LogMessage(MessageImportance.High, sameRun
            ? $"Accelerate benchmarks: same-run A/B against {summary.SameRun?.Label ?? summary.SameRun?.Build} ({Format(summary.SameRun?.ElapsedSeconds, "0.0")} s); its verdicts gate, the stored runs' are shown beside them."
            : summary.Baseline is null
                ? "Accelerate benchmarks: no baseline yet (first run of this testbed); every case is New."
                : summary.Gate == "baseline"
                    ? $"Accelerate benchmarks compared with baseline run {summary.Baseline.RunId}."
                    : $"Accelerate benchmarks compared with the history of this testbed (newest earlier run {summary.Baseline.RunId}); a change must hold over {summary.PersistenceRuns} runs.");
        if (summary.Reports.Markdown is { } markdown)
        {
            Log.LogMessage(MessageImportance.Normal, $"Accelerate benchmarks: reports at {markdown} and {summary.Reports.Html}; results in {summary.ResultsPath}.");
        }

        var slower = 0;
        foreach (var c in summary.Cases)
        {
            var precision = c.Precision != "fp32" ? " " + c.Precision : "";
            var name = string.Create(CultureInfo.InvariantCulture, $"{c.Model}{precision} {c.Method} [{c.Backend}] batch={c.Batch} {c.Shape} threads={c.Threads}");
            var gating = sameRun ? c.SameRun : c.History;
            var beside = sameRun && c.History is { } h ? $"; stored runs: {h.Verdict}" + (h.Ratio is { } hr ? $" {hr.ToString("0.000", CultureInfo.InvariantCulture)}x" : "") : "";
            Log.LogMessage(MessageImportance.High, $"  {name}: median {Format(c.MedianMs ?? gating?.CurrentMedianMs)} ms, {c.VerdictText}"
                + (gating?.Ratio is { } r ? $" ({r.ToString("0.000", CultureInfo.InvariantCulture)}x)" : "") + beside);
            if (c.Verdict != "Slower")
            {
                continue;
            }

            slower++;
            var definition = DiagnosticCatalog.BenchmarkRegression;
            var message = definition.Format(name, against, Format(gating?.CurrentMedianMs ?? c.MedianMs), Format(gating?.BaselineMedianMs),
                Format(gating?.Ratio, "0.000"), Format(gating?.PValue, "0.####"), Format(threshold, "0.###"));
            var manifest = ManifestOf(c.Model);
            LogOnManifest(FailOnRegression ? definition : definition with { Severity = DiagnosticSeverityLevel.Warning }, manifest, "/benchmark",
                FailOnRegression ? message : message + " (warning: set AccelerateFailOnRegression=true to fail the build)");
        }

        // Skipped backends are expected on machines without them; cases that threw are errors whatever the gate says.
        foreach (var s in summary.Skipped)
        {
            Log.LogMessage(MessageImportance.High, $"  {s.Model} [{s.Backend}] skipped: {s.Reason}");
        }

        foreach (var f in summary.Failed)
        {
            RunFailed($"{f.Case}: {f.Error}");
        }

        if (ExitCode != 0 && slower == 0 && summary.Failed.Count == 0)
        {
            return RunFailed("no case failed and none is slower; see the output above");
        }

        return !Log.HasLoggedErrors;
    }

    /// <summary>The manifest that defines <paramref name="model"/>, or null.</summary>
    private string? ManifestOf(string model) =>
        Manifests.Select(m => m.GetMetadata("FullPath"))
            .FirstOrDefault(path => File.Exists(path) && ManifestParser.Parse(File.ReadAllText(path), path).Manifest?.Name == model);

    private bool RunFailed(string detail)
    {
        LogOnManifest(DiagnosticCatalog.BenchmarkRunFailed, null, null, DiagnosticCatalog.BenchmarkRunFailed.Format(ExitCode, detail));
        return false;
    }

    private static string Format(double? value, string format = "0.###") =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
