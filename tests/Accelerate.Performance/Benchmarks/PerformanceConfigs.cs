using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Accelerate.Performance.Benchmarks;

// Jobs are configured here rather than with attributes: attribute combinations such as [InProcess, ShortRunJob]
// silently create two jobs. In-process, because the default toolchain rebuilds the project (and copies the
// 91 MB model) for every run; the benchmarks measure ONNX Runtime-bound work that the host process does not skew.

/// <summary>Latency of single calls (tens of milliseconds): enough iterations for a stable median in about ten seconds a case.</summary>
public sealed class LatencyConfig : ManualConfig
{
    public LatencyConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithWarmupCount(3)
            .WithIterationCount(15)
            .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(400))
            .WithId("Latency"));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        // The ratio is wanted within one comparison (Embed or Run) and one parameter combination.
        AddLogicalGroupRules(BenchmarkLogicalGroupRule.ByCategory, BenchmarkLogicalGroupRule.ByParams);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}

/// <summary>
/// Whole-corpus passes (seconds each): one pass per iteration with no pilot stage, so that a suite of several
/// methods still fits in a few minutes.
/// </summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring)
            .WithWarmupCount(1)
            .WithIterationCount(7)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithId("Throughput"));
        AddDiagnoser(MemoryDiagnoser.Default);
        // With OperationsPerInvoke = corpus size, Op/s reads as embeddings per second.
        AddColumn(StatisticColumn.Median, StatisticColumn.OperationsPerSecond);
        WithOrderer(new BenchmarkDotNet.Order.DefaultOrderer(BenchmarkDotNet.Order.SummaryOrderPolicy.Declared));
    }
}
