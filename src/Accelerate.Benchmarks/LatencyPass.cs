using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using BdnCase = BenchmarkDotNet.Running.BenchmarkCase;

namespace Accelerate.Benchmarks;

/// <summary>What the latency pass measured for one case.</summary>
/// <param name="MeasurementsNs">The per-call latencies, ns, in call order.</param>
/// <param name="LoadTime">The model's load time in this pass's <c>[GlobalSetup]</c> (<see cref="ModelBenchmark.LoadTime"/>).</param>
/// <param name="LoadedBackend">The backend the loaded session ran on, when the class used <see cref="ModelBenchmark.Load{TModel}"/>.</param>
/// <param name="PeakRssBytes">The process's peak resident set from setup to the last call.</param>
/// <param name="Elapsed">How long the pass took, setup and cleanup included.</param>
internal sealed record LatencyResult(IReadOnlyList<double> MeasurementsNs, TimeSpan? LoadTime, string? LoadedBackend, long? PeakRssBytes, TimeSpan Elapsed);

/// <summary>
/// The per-call latency pass: BenchmarkDotNet's percentiles are over iteration means, so after it has run, each case is
/// set up again and its workload method timed call by call.
/// </summary>
/// <remarks>
/// <para>The pass runs in <see cref="BenchmarkProfile.LatencyRounds"/> rounds over all cases (forward, then backward,
/// ...), each case set up afresh in each round and taking its share of the samples. On a shared machine the load of
/// other processes comes in bursts of seconds: spreading a case's calls over the whole pass, rather than one window of
/// a second, keeps one burst from moving its median, and a fresh session per round lets the samples show the
/// session-to-session variation a later run will also see.</para>
/// For each case and round: create the class, set the case's parameters (properties or fields, static ones too) from
/// BenchmarkDotNet's <c>BenchmarkCase.Parameters</c>, run <c>[GlobalSetup]</c>, make <see cref="BenchmarkProfile.LatencyWarmup"/>
/// untimed calls, then time up to <see cref="BenchmarkProfile.LatencySamples"/> calls one by one with
/// <see cref="Stopwatch.GetTimestamp"/> (stopping after <see cref="BenchmarkProfile.LatencyTimeLimit"/> once
/// <see cref="BenchmarkProfile.MinLatencySamples"/> are in), running <c>[IterationSetup]</c>/<c>[IterationCleanup]</c>
/// around each call untimed, then <c>[GlobalCleanup]</c>. The workload is called through a compiled delegate, not
/// reflection, so the timing adds tens of nanoseconds at most. Peak RSS: on Linux the kernel's high-water mark
/// (<c>VmHWM</c>) is reset through <c>/proc/self/clear_refs</c> before the setup and read after the last call; elsewhere
/// (or if the reset is refused) the working set is sampled after the setup and after calls (at most once a
/// millisecond). It is the whole process's: the runtime, BenchmarkDotNet and native libraries included.
/// </remarks>
internal static class LatencyPass
{
    /// <summary>
    /// Measures every case in <see cref="BenchmarkProfile.LatencyRounds"/> rounds: round 1 sets up and samples each
    /// case in order, round 2 in reverse order, and so on; each round takes its share of the samples and of the time
    /// limit. A case whose round throws is reported with the exception and not measured again.
    /// </summary>
    /// <param name="cases">The cases, in the order of the first round.</param>
    /// <param name="profile">The profile.</param>
    /// <param name="progress">Called with each case once its last round is done.</param>
    /// <returns>Per case, the combined result or the exception.</returns>
    public static IReadOnlyDictionary<BdnCase, (LatencyResult? Result, Exception? Error)> MeasureAll(
        IReadOnlyList<BdnCase> cases, BenchmarkProfile profile, Action<BdnCase, LatencyResult>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(profile);
        var rounds = Math.Max(1, profile.LatencyRounds);
        var perRound = (profile.LatencySamples + rounds - 1) / rounds;
        var minPerRound = Math.Max(1, (profile.MinLatencySamples + rounds - 1) / rounds);
        var limit = profile.LatencyTimeLimit / rounds;
        var parts = cases.ToDictionary(c => c, _ => new List<LatencyResult>());
        var errors = new Dictionary<BdnCase, Exception>();
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? cases : cases.Reverse().ToList();
            foreach (var benchmarkCase in order)
            {
                if (errors.ContainsKey(benchmarkCase))
                {
                    continue;
                }

                try
                {
                    parts[benchmarkCase].Add(Measure(benchmarkCase, profile, perRound, minPerRound, limit));
                }
                catch (Exception e)
                {
                    errors[benchmarkCase] = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
                    continue;
                }

                if (round == rounds - 1)
                {
                    progress?.Invoke(benchmarkCase, Combine(parts[benchmarkCase]));
                }
            }
        }

        return cases.ToDictionary(
            c => c,
            c => errors.TryGetValue(c, out var error) ? ((LatencyResult?)null, (Exception?)error) : (Combine(parts[c]), null));
    }

    /// <summary>One round of one case: set up, warm up, time up to <paramref name="samples"/> calls, clean up.</summary>
    internal static LatencyResult Measure(BdnCase benchmarkCase, BenchmarkProfile profile, int samples, int minSamples, TimeSpan timeLimit)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
        ArgumentNullException.ThrowIfNull(profile);
        var total = Stopwatch.StartNew();
        using var runner = CaseRunner.Open(benchmarkCase);
        runner.Warmup(profile.LatencyWarmup);
        var measurements = runner.Time(samples, minSamples, timeLimit);
        return new LatencyResult(measurements, runner.LoadTime, runner.LoadedBackend, runner.PeakRssBytes, total.Elapsed);
    }

    // The rounds of one case as one result: measurements in time order, the median load time, the highest peak.
    private static LatencyResult Combine(IReadOnlyList<LatencyResult> parts)
    {
        var loads = parts.Where(p => p.LoadTime is not null).Select(p => p.LoadTime!.Value).Order().ToList();
        return new LatencyResult(
            parts.SelectMany(p => p.MeasurementsNs).ToList(),
            loads.Count == 0 ? null : loads[loads.Count / 2],
            parts.Select(p => p.LoadedBackend).FirstOrDefault(b => b is not null),
            parts.Max(p => p.PeakRssBytes),
            TimeSpan.FromTicks(parts.Sum(p => p.Elapsed.Ticks)));
    }

    /// <summary>
    /// Why a case BenchmarkDotNet could not measure fails (its in-process toolchain does not report the exception):
    /// sets the case up once more and makes one call, returning the exception as text, or null when both work.
    /// </summary>
    public static string? Diagnose(BdnCase benchmarkCase)
    {
        try
        {
            Measure(benchmarkCase, BenchmarkProfile.ForTests(1) with { LatencyWarmup = 0 }, 1, 1, TimeSpan.FromSeconds(1));
            return null;
        }
        catch (Exception e)
        {
            var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
            return $"{inner.GetType().Name}: {inner.Message}";
        }
    }
}
