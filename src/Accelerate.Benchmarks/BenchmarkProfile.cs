using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Order;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Perfolizer.Horology;

namespace Accelerate.Benchmarks;

/// <summary>
/// How long and how carefully a benchmark run measures: the one BenchmarkDotNet job every case runs with, and the
/// per-call latency pass the host runs afterwards. Immutable; selected with <c>--profile</c> (MSBuild:
/// <c>-p:AccelerateBenchmarkProfile=quick|default|thorough</c>).
/// </summary>
/// <remarks>
/// <para>Every profile runs BenchmarkDotNet in-process (<see cref="InProcessEmitToolchain"/>): the default toolchain
/// rebuilds the project and copies the model for every run (about 12 s more here), and the measured work is ONNX
/// Runtime's, which the host process does not skew. The job is configured in code, never with attributes:
/// attribute combinations such as <c>[InProcess, DryJob]</c> silently create two jobs.</para>
/// <para>BenchmarkDotNet's pilot stage picks the invocations per iteration so that one iteration lasts at least
/// <see cref="IterationTime"/> (at least one call): a 10 ms model runs 10 calls per 100 ms iteration, a 40 ms one 3.
/// The unroll factor is 1, so a slow model is never called 16 times per iteration.</para>
/// <para>Then, per case, <see cref="LatencySamples"/> calls are timed one by one (in <see cref="LatencyRounds"/> rounds,
/// each after <see cref="LatencyWarmup"/> untimed calls), stopping early once <see cref="LatencyTimeLimit"/> has passed;
/// the stored mean, median and p50/p90/p99/p99.9, the regression gate's Mann-Whitney test and the throughput all come
/// from these per-call latencies. BenchmarkDotNet's own statistics are over iteration means and stay in its exports.</para>
/// <para>Every profile measures with ONNX Runtime's thread spinning off and an explicit thread count per case
/// (<see cref="ModelBenchmark"/>'s <c>Options</c> explains why): on 2 cores spinning threads distort the results.</para>
/// <para>Measured here (2-core AMD EPYC shared with other work, Release build, MiniLM × 3 shapes × raw and end-to-end =
/// 6 cases at 2 threads): <see cref="Quick"/> takes 18–22 s wall for the whole host process — about 14 s of
/// BenchmarkDotNet, 6 s of latency pass (3 rounds × 20 calls per case, 4 model loads per case in all) and 1 s of storing
/// and reports — which leaves room within the 60 s budget for the build and for slower models (each case's latency
/// pass stops after 3 s, and the pilot stage keeps iterations near 150 ms whatever a call costs).</para>
/// </remarks>
/// <param name="Name">The profile's name, stored with the run; baselines are per machine and profile.</param>
public sealed record BenchmarkProfile(string Name)
{
    /// <summary>
    /// For CI (one model × 3 shapes × 2 methods in about 20 s on 2 cores, well inside 60 s): at most 3 shapes and 1
    /// thread count per suite; 2 warm-up and 8 measured iterations of at least 150 ms, no overhead evaluation; latency
    /// pass of 3 rounds, each with 3 warm-up calls, of up to 60 timed calls or 3 s per case in all.
    /// </summary>
    public static BenchmarkProfile Quick { get; } = new("quick")
    {
        WarmupCount = 2,
        IterationCount = 8,
        IterationTime = TimeSpan.FromMilliseconds(150),
        EvaluateOverhead = false,
        LatencyWarmup = 3,
        LatencySamples = 60,
        LatencyRounds = 3,
        LatencyTimeLimit = TimeSpan.FromSeconds(3),
        ShapeLimit = 3,
        ThreadCountLimit = 1,
        PairedBlocks = 60,
        PairedBlockTime = TimeSpan.FromMilliseconds(15),
    };

    /// <summary>
    /// For a developer's machine: every shape and thread count of the suite; 3 warm-up and 12 measured iterations of at least 250 ms, overhead evaluated; latency
    /// pass of 3 rounds, each with 5 warm-up calls, of up to 200 timed calls or 8 s per case in all.
    /// </summary>
    public static BenchmarkProfile Default { get; } = new("default")
    {
        WarmupCount = 3,
        IterationCount = 12,
        IterationTime = TimeSpan.FromMilliseconds(250),
        EvaluateOverhead = true,
        LatencyWarmup = 5,
        LatencySamples = 200,
        LatencyRounds = 3,
        LatencyTimeLimit = TimeSpan.FromSeconds(8),
        PairedBlocks = 100,
        PairedBlockTime = TimeSpan.FromMilliseconds(25),
    };

    /// <summary>
    /// For release decisions and tail latencies: every shape and thread count; 6 warm-up and 30 measured iterations of at least 500 ms, overhead
    /// evaluated; latency pass of 5 rounds, each with 10 warm-up calls, of up to 2000 timed calls or 60 s per case in all
    /// (enough calls for a meaningful p99.9 on fast models).
    /// </summary>
    public static BenchmarkProfile Thorough { get; } = new("thorough")
    {
        WarmupCount = 6,
        IterationCount = 30,
        IterationTime = TimeSpan.FromMilliseconds(500),
        EvaluateOverhead = true,
        LatencyWarmup = 10,
        LatencySamples = 2000,
        LatencyRounds = 5,
        LatencyTimeLimit = TimeSpan.FromSeconds(60),
        PairedBlocks = 200,
        PairedBlockTime = TimeSpan.FromMilliseconds(50),
    };

    /// <summary>
    /// Same-run A/B comparison (<c>--compare-build</c>): block pairs timed per case, each pair one block of the baseline
    /// build and one of the current build (quick 60, default 100, thorough 200). Many short blocks rather than a few
    /// long ones: on a shared machine load comes in bursts, and the finer the two builds interleave, the more alike
    /// the load each pair's two blocks see.
    /// </summary>
    public int PairedBlocks { get; init; } = 100;

    /// <summary>Same-run A/B comparison: how long one block of calls takes on the slower build, at least one call (quick 15 ms, default 25 ms, thorough 50 ms).</summary>
    public TimeSpan PairedBlockTime { get; init; } = TimeSpan.FromMilliseconds(25);

    /// <summary>The built-in profiles, in order of thoroughness.</summary>
    public static IReadOnlyList<BenchmarkProfile> All { get; } = [Quick, Default, Thorough];

    /// <summary>BenchmarkDotNet warm-up iterations per case.</summary>
    public int WarmupCount { get; init; } = 3;

    /// <summary>BenchmarkDotNet measured iterations per case.</summary>
    public int IterationCount { get; init; } = 12;

    /// <summary>The shortest an iteration may be; the pilot stage picks the invocations per iteration to reach it.</summary>
    public TimeSpan IterationTime { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Invocations per iteration when fixed; <see langword="null"/> (the built-in profiles) lets the pilot stage pick
    /// them from <see cref="IterationTime"/>.
    /// </summary>
    public long? InvocationCount { get; init; }

    /// <summary>
    /// Whether BenchmarkDotNet measures and subtracts the cost of an empty call. Off in <see cref="Quick"/>: for models
    /// that take milliseconds it is nanoseconds, and the stage costs time.
    /// </summary>
    public bool EvaluateOverhead { get; init; } = true;

    /// <summary>Untimed calls per case before the latency pass samples (first-call allocations, caches).</summary>
    public int LatencyWarmup { get; init; } = 5;

    /// <summary>Per-call latency measurements taken after BenchmarkDotNet, per case (fewer if <see cref="LatencyTimeLimit"/> passes first).</summary>
    public int LatencySamples { get; init; } = 200;

    /// <summary>
    /// Rounds the latency pass spreads each case's samples over (each round sets every case up again and takes its
    /// share of <see cref="LatencySamples"/> and <see cref="LatencyTimeLimit"/>), so that a burst of load from other
    /// processes cannot shift a whole case. Each extra round costs one more setup (model load) per case.
    /// </summary>
    public int LatencyRounds { get; init; } = 3;

    /// <summary>
    /// How long the latency pass of one case may sample; it stops early after this, with at least
    /// <see cref="MinLatencySamples"/> calls timed (so a slow model cannot blow the profile's time budget).
    /// </summary>
    public TimeSpan LatencyTimeLimit { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How many of a suite's shapes this profile measures (<see cref="ModelBenchmark"/>'s <c>SelectShapes</c>);
    /// <see langword="null"/> for all. <see cref="Quick"/> measures 3: the smallest shape, then the others that differ
    /// from it in one dimension only, cheapest first (batch sizes [1, 8] × sequences [16, 128] give b1×16, b1×128, b8×16).
    /// </summary>
    public int? ShapeLimit { get; init; }

    /// <summary>
    /// How many of a suite's thread counts this profile measures (<see cref="ModelBenchmark"/>'s <c>SelectThreads</c>);
    /// <see langword="null"/> for all. <see cref="Quick"/> measures 1: the largest that leaves one of the machine's
    /// logical processors free (the smallest when none does), so other activity on the machine disturbs it least.
    /// </summary>
    public int? ThreadCountLimit { get; init; }

    /// <summary>The fewest calls the latency pass times, whatever <see cref="LatencyTimeLimit"/> says.</summary>
    public int MinLatencySamples { get; init; } = 10;

    /// <summary>Test seam: turns off BenchmarkDotNet's check that the benchmark assembly is optimised (test projects build Debug).</summary>
    internal bool AllowNonOptimized { get; init; }

    /// <summary>Finds a built-in profile by name (case-insensitive).</summary>
    /// <param name="name"><c>quick</c>, <c>default</c> or <c>thorough</c>.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentException">The name is not one of the built-in profiles (the message lists them).</exception>
    public static BenchmarkProfile Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        return All.FirstOrDefault(p => string.Equals(p.Name, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException(
                $"Unknown benchmark profile '{name}'; the profiles are {string.Join(", ", All.Select(p => p.Name))}.",
                nameof(name));
    }

    /// <summary>
    /// An ultra-short profile for tests of the host itself: 1 warm-up and 2 measured iterations of one call each,
    /// and a latency pass of <paramref name="latencySamples"/> calls. Its numbers are not worth comparing.
    /// </summary>
    /// <param name="latencySamples">Timed calls per case in the latency pass.</param>
    /// <returns>The profile, named <c>test</c>.</returns>
    internal static BenchmarkProfile ForTests(int latencySamples = 20) => new("test")
    {
        WarmupCount = 1,
        IterationCount = 2,
        IterationTime = TimeSpan.FromMilliseconds(1),
        InvocationCount = 1,
        EvaluateOverhead = false,
        LatencyWarmup = 1,
        LatencySamples = latencySamples,
        LatencyRounds = 2,
        MinLatencySamples = Math.Min(10, latencySamples),
        LatencyTimeLimit = TimeSpan.FromSeconds(5),
        AllowNonOptimized = true,
    };

    /// <summary>
    /// The BenchmarkDotNet configuration of this profile: one job (in-process emit toolchain, this profile's counts,
    /// unroll factor 1), the memory diagnoser (allocated bytes per call), median and percentile columns, the console
    /// logger, and the Markdown (GitHub), JSON (full, with measurements) and CSV exporters writing to
    /// <paramref name="artifactsPath"/>.
    /// </summary>
    /// <param name="artifactsPath">BenchmarkDotNet's artifacts folder (its <c>results/</c> exports and log).</param>
    /// <returns>The configuration.</returns>
    public IConfig CreateConfig(string artifactsPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(artifactsPath);
        Validate();
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Throughput)
            .WithLaunchCount(1)
            .WithWarmupCount(WarmupCount)
            .WithIterationCount(IterationCount)
            .WithIterationTime(TimeInterval.FromMilliseconds(IterationTime.TotalMilliseconds))
            .WithUnrollFactor(1)
            .WithEvaluateOverhead(EvaluateOverhead)
            .WithId(Name);
        if (InvocationCount is { } invocations)
        {
            job = job.WithInvocationCount(invocations);
        }

        var config = ManualConfig.CreateEmpty()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddColumn(StatisticColumn.Median, StatisticColumn.P90, StatisticColumn.P95)
            .AddLogger(ConsoleLogger.Default)
            .AddExporter(MarkdownExporter.GitHub, JsonExporter.Full, CsvExporter.Default)
            .AddAnalyser(DefaultConfig.Instance.GetAnalysers().ToArray())
            .AddValidator(DefaultConfig.Instance.GetValidators().ToArray())
            .WithOrderer(new DefaultOrderer(SummaryOrderPolicy.Declared))
            .WithArtifactsPath(Path.GetFullPath(artifactsPath))
            .WithSummaryStyle(SummaryStyle.Default.WithCultureInfo(CultureInfo.InvariantCulture));
        return AllowNonOptimized ? config.WithOptions(ConfigOptions.DisableOptimizationsValidator) : config;
    }

    private void Validate()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            throw new InvalidOperationException("A benchmark profile needs a name.");
        }

        if (WarmupCount < 0 || IterationCount < 1 || LatencySamples < 1 || LatencyRounds < 1 || LatencyWarmup < 0 || MinLatencySamples < 1
            || IterationTime <= TimeSpan.Zero || LatencyTimeLimit <= TimeSpan.Zero || InvocationCount is < 1 || ShapeLimit is < 1 || ThreadCountLimit is < 1)
        {
            throw new InvalidOperationException(
                $"Benchmark profile '{Name}' has an invalid setting: iterations and latency samples must be positive, warm-ups non-negative, times positive.");
        }
    }
}
