using System.Globalization;
using System.Text.Json;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
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
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return RunFailed($"the summary {SummaryPath} could not be read ({e.Message})");
        }
    }

    private bool Report()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SummaryPath));
        var root = document.RootElement;
        var threshold = root.TryGetProperty("threshold", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDouble() : 0.05;
        var baseline = root.TryGetProperty("baseline", out var b) && b.ValueKind == JsonValueKind.Object ? b.GetProperty("runId").GetString() : null;
        Log.LogMessage(MessageImportance.High, baseline is null
            ? "Accelerate benchmarks: no baseline yet (first run of this machine and profile); this run becomes the next one's baseline."
            : $"Accelerate benchmarks compared with run {baseline}.");

        int slower = 0;
        foreach (var c in root.GetProperty("cases").EnumerateArray())
        {
            var precision = c.TryGetProperty("precision", out var p) && p.GetString() is { } value && value != "fp32" ? " " + value : "";
            var name = string.Create(CultureInfo.InvariantCulture,
                $"{c.GetProperty("model").GetString()}{precision} {c.GetProperty("method").GetString()} [{c.GetProperty("backend").GetString()}] batch={c.GetProperty("batch").GetInt32()} {c.GetProperty("shape").GetString()} threads={c.GetProperty("threads").GetInt32()}");
            var verdict = c.GetProperty("verdict").GetString();
            var median = Number(c, "medianMs");
            Log.LogMessage(MessageImportance.High, $"  {name}: median {Format(median)} ms, {verdict}" + (Number(c, "ratio") is { } r && !double.IsNaN(r) ? $" ({r.ToString("0.000", CultureInfo.InvariantCulture)}x)" : ""));
            if (verdict != "Slower") continue;
            slower++;
            var definition = DiagnosticCatalog.BenchmarkRegression;
            var message = definition.Format(name, Format(median), Format(Number(c, "baselineMedianMs")),
                Format(Number(c, "ratio"), "0.000"), Format(Number(c, "pValue"), "0.####"), Format(threshold, "0.###"));
            var manifest = ManifestOf(c.GetProperty("model").GetString() ?? "");
            LogOnManifest(FailOnRegression ? definition : definition with { Severity = DiagnosticSeverityLevel.Warning }, manifest, "/benchmark",
                FailOnRegression ? message : message + " (warning: set AccelerateFailOnRegression=true to fail the build)");
        }
        // Skipped backends are expected on machines without them; cases that threw are errors whatever the gate says.
        foreach (var s in Array(root, "skipped"))
        {
            Log.LogMessage(MessageImportance.High, $"  {s.GetProperty("model").GetString()} [{s.GetProperty("backend").GetString()}] skipped: {s.GetProperty("reason").GetString()}");
        }
        var failures = Array(root, "failed").ToList();
        foreach (var f in failures)
        {
            RunFailed($"{f.GetProperty("case").GetString()}: {f.GetProperty("error").GetString()}");
        }
        if (ExitCode != 0 && slower == 0 && failures.Count == 0)
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

    private static IEnumerable<JsonElement> Array(JsonElement root, string name) =>
        root.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string Format(double? value, string format = "0.###") =>
        value is { } v && !double.IsNaN(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
}
