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
        var descriptor = benchmarkCase.Descriptor;
        var type = descriptor.Type;
        var instance = Activator.CreateInstance(type)
            ?? throw new InvalidOperationException($"Cannot create {type.FullName}.");
        var arguments = new List<object?>();
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            if (parameter.IsArgument)
            {
                arguments.Add(parameter.Value);
            }
            else
            {
                SetMember(type, parameter.IsStatic ? null : instance, parameter.Name, parameter.Value);
            }
        }

        // Start every case from a collected heap, so that garbage of earlier cases is neither collected during this
        // case's calls nor counted in its peak RSS.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var memory = new PeakMemory();
        Invoke(descriptor.GlobalSetupMethod, instance);
        try
        {
            memory.Sample();
            var call = Compile(descriptor.WorkloadMethod, instance, arguments);
            var iterationSetup = descriptor.IterationSetupMethod;
            var iterationCleanup = descriptor.IterationCleanupMethod;
            for (var i = 0; i < profile.LatencyWarmup; i++)
            {
                Invoke(iterationSetup, instance);
                call();
                Invoke(iterationCleanup, instance);
            }

            var measurements = new List<double>(samples);
            var nsPerTick = 1e9 / Stopwatch.Frequency;
            var started = Stopwatch.GetTimestamp();
            var limit = (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
            var lastSample = started;
            var sampleEvery = Stopwatch.Frequency / 1000;
            for (var i = 0; i < samples; i++)
            {
                Invoke(iterationSetup, instance);
                var before = Stopwatch.GetTimestamp();
                call();
                var after = Stopwatch.GetTimestamp();
                measurements.Add((after - before) * nsPerTick);
                Invoke(iterationCleanup, instance);
                if (after - lastSample >= sampleEvery)
                {
                    memory.Sample();
                    lastSample = Stopwatch.GetTimestamp();
                }

                if (measurements.Count >= minSamples && after - started > limit)
                {
                    break;
                }
            }

            memory.Sample();
            var benchmark = instance as ModelBenchmark;
            return new LatencyResult(
                measurements,
                benchmark?.LoadedBackend is not null ? benchmark.LoadTime : null,
                benchmark?.LoadedBackend,
                memory.Peak,
                total.Elapsed);
        }
        finally
        {
            Invoke(descriptor.GlobalCleanupMethod, instance);
            (instance as IDisposable)?.Dispose();
        }
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

    private static void SetMember(Type type, object? target, string name, object? value)
    {
        const BindingFlags flags = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.FlattenHierarchy;
        if (type.GetProperty(name, flags) is { CanWrite: true } property)
        {
            property.SetValue(target, value);
        }
        else if (type.GetField(name, flags) is { } field)
        {
            field.SetValue(target, value);
        }
        else
        {
            throw new InvalidOperationException($"{type.FullName} has no settable property or field '{name}' for the parameter BenchmarkDotNet reported.");
        }
    }

    private static void Invoke(MethodInfo? method, object instance)
    {
        if (method is null)
        {
            return;
        }

        try
        {
            method.Invoke(method.IsStatic ? null : instance, null);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    // instance.Workload(arguments...) as an Action, its result (if any) discarded; the call cannot be optimised away.
    private static Action Compile(MethodInfo method, object instance, IReadOnlyList<object?> arguments)
    {
        var parameters = method.GetParameters();
        if (parameters.Length != arguments.Count)
        {
            throw new InvalidOperationException($"{method.DeclaringType?.Name}.{method.Name} takes {parameters.Length} arguments; BenchmarkDotNet reported {arguments.Count}.");
        }

        if (typeof(Task).IsAssignableFrom(method.ReturnType) || method.ReturnType.Name.StartsWith("ValueTask", StringComparison.Ordinal))
        {
            throw new NotSupportedException($"{method.DeclaringType?.Name}.{method.Name} is asynchronous; model benchmarks must be synchronous.");
        }

        var target = method.IsStatic ? null : Expression.Constant(instance, method.DeclaringType!);
        var args = parameters.Select((p, i) => (Expression)Expression.Convert(Expression.Constant(arguments[i], typeof(object)), p.ParameterType));
        Expression body = Expression.Call(target, method, args);
        return Expression.Lambda<Action>(body).Compile();
    }

    /// <summary>The process's peak resident set while a case runs (see <see cref="LatencyPass"/>).</summary>
    private sealed class PeakMemory
    {
        private const string StatusPath = "/proc/self/status";
        private readonly bool _kernelPeak;
        private long _sampled;

        public PeakMemory()
        {
            _kernelPeak = TryResetKernelPeak();
            Sample();
        }

        public long? Peak
        {
            get
            {
                var kernel = _kernelPeak ? ReadStatusKilobytes("VmHWM:") : null;
                var peak = Math.Max(kernel ?? 0, _sampled);
                return peak > 0 ? peak : null;
            }
        }

        public void Sample()
        {
            long current;
            try
            {
                current = ReadStatusKilobytes("VmRSS:") ?? Environment.WorkingSet;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
            {
                return;
            }

            _sampled = Math.Max(_sampled, current);
        }

        // Writing 5 to clear_refs resets the peak RSS (VmHWM) to the current RSS (Linux 4.0+).
        private static bool TryResetKernelPeak()
        {
            try
            {
                if (!File.Exists(StatusPath))
                {
                    return false;
                }

                File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        private static long? ReadStatusKilobytes(string key)
        {
            try
            {
                if (!File.Exists(StatusPath))
                {
                    return null;
                }

                foreach (var line in File.ReadLines(StatusPath))
                {
                    if (line.StartsWith(key, StringComparison.Ordinal))
                    {
                        var digits = new string(line.AsSpan(key.Length).Trim().ToString().TakeWhile(char.IsDigit).ToArray());
                        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb * 1024 : null;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }

            return null;
        }
    }
}
