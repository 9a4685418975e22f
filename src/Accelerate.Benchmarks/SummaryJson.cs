using System.Text.Encodings.Web;
using System.Text.Json;
using Accelerate.Results;

namespace Accelerate.Benchmarks;

/// <summary>
/// The summary JSON (<c>--summary</c>) that the <c>AccelerateBenchmark</c> MSBuild target reads to report verdicts
/// (a Slower case becomes an <c>ACC</c> error with <c>-p:AccelerateFailOnRegression=true</c>).
/// </summary>
/// <remarks>
/// <code>
/// {
///   "formatVersion": 1,
///   "runId": "guid" | null,            // null when nothing was stored
///   "profile": "quick",
///   "resultsPath": "/abs/.accelerate/results.duckdb",
///   "baseline": { "runId": "guid", "name": "release-1" | null, "startedAt": "ISO 8601", "gitCommit": "sha" | null } | null,
///   "threshold": 0.05,
///   "failOnRegression": false,
///   "regression": false,               // any case Slower
///   "exitCode": 0,
///   "reports": { "markdown": "/abs/report.md" | null, "html": "/abs/report.html" | null },
///   "artifacts": "/abs/BenchmarkDotNet.Artifacts/results" | null,
///   "cases": [ { "model": "MiniLm", "method": "raw" | "end-to-end", "backend": "cpu", "precision": "fp32", "batch": 1,
///                "shape": "seq=16", "threads": 2, "medianMs": 8.1, "p99Ms": 9.7, "baselineMedianMs": 8.0 | null,
///                "verdict": "Faster" | "Same" | "Slower" | "New" | "Missing", "ratio": 1.01 | null, "pValue": 0.4 | null } ],
///   "skipped": [ { "model": "MiniLm", "backend": "cuda", "reason": "CUDAExecutionProvider is not in this ONNX Runtime build ..." } ],
///   "failed":  [ { "model": "MiniLm", "case": "MiniLm raw cpu fp32 batch=1 seq=16 threads=2", "error": "..." } ]
/// }
/// </code>
/// Times are milliseconds of one call (per-call latencies of the latency pass). <c>ratio</c> is current median /
/// baseline median (above 1 = slower); <c>ratio</c> and <c>pValue</c> are null for New and Missing cases (and
/// <c>medianMs</c>/<c>p99Ms</c> for Missing ones, which exist only in the baseline).
/// </remarks>
internal static class SummaryJson
{
    public const int FormatVersion = 1;

    public static void Write(string path, HostOptions options, HostOutcome outcome)
    {
        if (Path.GetDirectoryName(path) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteNumber("formatVersion", FormatVersion);
        WriteNullable(json, "runId", outcome.RunId?.ToString("D"));
        json.WriteString("profile", options.Profile.Name);
        WriteNullable(json, "resultsPath", outcome.ResultsPath);
        if (outcome.Baseline is { } baseline)
        {
            json.WriteStartObject("baseline");
            json.WriteString("runId", baseline.Id.ToString("D"));
            WriteNullable(json, "name", baseline.BaselineName);
            json.WriteString("startedAt", baseline.StartedAt.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture));
            WriteNullable(json, "gitCommit", baseline.GitCommit);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("baseline");
        }

        json.WriteNumber("threshold", options.Threshold);
        json.WriteBoolean("failOnRegression", options.FailOnRegression);
        json.WriteBoolean("regression", outcome.Regression);
        json.WriteNumber("exitCode", outcome.ExitCode);
        json.WriteStartObject("reports");
        WriteNullable(json, "markdown", outcome.MarkdownReport);
        WriteNullable(json, "html", outcome.HtmlReport);
        json.WriteEndObject();
        WriteNullable(json, "artifacts", outcome.ArtifactsResults);

        json.WriteStartArray("cases");
        foreach (var comparison in outcome.Comparisons)
        {
            var key = comparison.Key;
            var current = comparison.Current;
            json.WriteStartObject();
            json.WriteString("model", key.Model);
            json.WriteString("method", key.Method);
            json.WriteString("backend", key.Backend);
            json.WriteString("precision", key.Precision);
            json.WriteNumber("batch", key.Batch);
            json.WriteString("shape", key.Shape);
            json.WriteNumber("threads", key.Threads);
            WriteNumber(json, "medianMs", current?.MedianNs / 1e6);
            WriteNumber(json, "p99Ms", current?.P99Ns / 1e6);
            WriteNumber(json, "baselineMedianMs", comparison.Baseline?.MedianNs / 1e6);
            json.WriteString("verdict", comparison.Verdict.ToString());
            WriteNumber(json, "ratio", comparison.RatioOfMedians);
            WriteNumber(json, "pValue", comparison.PValue);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("skipped");
        foreach (var (model, skipped) in outcome.Skipped)
        {
            json.WriteStartObject();
            json.WriteString("model", model);
            json.WriteString("backend", skipped.Backend);
            json.WriteString("reason", skipped.Reason);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("failed");
        foreach (var failure in outcome.Failures)
        {
            json.WriteStartObject();
            json.WriteString("model", failure.Model);
            json.WriteString("case", failure.Case);
            json.WriteString("error", failure.Error);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    // JSON has no NaN or infinity: those (and missing values) are written as null.
    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
