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
/// For each case: create the class, set the case's parameters (properties or fields, static ones too) from
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
    public static LatencyResult Measure(BdnCase benchmarkCase, BenchmarkProfile profile)
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

            var samples = new List<double>(profile.LatencySamples);
            var nsPerTick = 1e9 / Stopwatch.Frequency;
            var started = Stopwatch.GetTimestamp();
            var limit = (long)(profile.LatencyTimeLimit.TotalSeconds * Stopwatch.Frequency);
            var lastSample = started;
            var sampleEvery = Stopwatch.Frequency / 1000;
            for (var i = 0; i < profile.LatencySamples; i++)
            {
                Invoke(iterationSetup, instance);
                var before = Stopwatch.GetTimestamp();
                call();
                var after = Stopwatch.GetTimestamp();
                samples.Add((after - before) * nsPerTick);
                Invoke(iterationCleanup, instance);
                if (after - lastSample >= sampleEvery)
                {
                    memory.Sample();
                    lastSample = Stopwatch.GetTimestamp();
                }

                if (samples.Count >= profile.MinLatencySamples && after - started > limit)
                {
                    break;
                }
            }

            memory.Sample();
            var benchmark = instance as ModelBenchmark;
            return new LatencyResult(
                samples,
                benchmark?.LoadedBackend is null && benchmark?.LoadTime == TimeSpan.Zero ? null : benchmark?.LoadTime,
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
