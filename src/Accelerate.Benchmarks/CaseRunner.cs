using System.Diagnostics;
using System.Globalization;
using System.Linq.Expressions;
using System.Reflection;
using BdnCase = BenchmarkDotNet.Running.BenchmarkCase;

namespace Accelerate.Benchmarks;

/// <summary>
/// One benchmark case set up for timing, outside BenchmarkDotNet: the latency pass and the A/B workers both time calls
/// through it. Opening creates the class, sets the case's parameters (properties or fields, static ones too) from
/// BenchmarkDotNet's <c>BenchmarkCase.Parameters</c>, collects the heap and runs <c>[GlobalSetup]</c>; disposing runs
/// <c>[GlobalCleanup]</c>. The workload is called through a compiled delegate, not reflection, so the timing adds tens
/// of nanoseconds at most; <c>[IterationSetup]</c>/<c>[IterationCleanup]</c> run around each call untimed.
/// </summary>
internal sealed class CaseRunner : IDisposable
{
    private readonly object _instance;
    private readonly Action _call;
    private readonly MethodInfo? _iterationSetup;
    private readonly MethodInfo? _iterationCleanup;
    private readonly MethodInfo? _globalCleanup;
    private readonly PeakMemory _memory;
    private bool _disposed;

    private CaseRunner(object instance, Action call, MethodInfo? iterationSetup, MethodInfo? iterationCleanup, MethodInfo? globalCleanup, PeakMemory memory)
    {
        _instance = instance;
        _call = call;
        _iterationSetup = iterationSetup;
        _iterationCleanup = iterationCleanup;
        _globalCleanup = globalCleanup;
        _memory = memory;
    }

    /// <summary>The model's load time in <c>[GlobalSetup]</c>, when the class loaded it through <see cref="ModelBenchmark.Load{TModel}"/>.</summary>
    public TimeSpan? LoadTime => _instance is ModelBenchmark { LoadedBackend: not null } b ? b.LoadTime : null;

    /// <summary>The backend the loaded session runs on, when the class used <see cref="ModelBenchmark.Load{TModel}"/>.</summary>
    public string? LoadedBackend => (_instance as ModelBenchmark)?.LoadedBackend;

    /// <summary>The process's peak resident set since the case was opened (see <see cref="LatencyPass"/>).</summary>
    public long? PeakRssBytes
    {
        get
        {
            _memory.Sample();
            return _memory.Peak;
        }
    }

    /// <summary>Sets the case up.</summary>
    /// <exception cref="InvalidOperationException">The class or a parameter cannot be set.</exception>
    /// <exception cref="NotSupportedException">The workload is asynchronous.</exception>
    public static CaseRunner Open(BdnCase benchmarkCase)
    {
        ArgumentNullException.ThrowIfNull(benchmarkCase);
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
            return new CaseRunner(instance, call, descriptor.IterationSetupMethod, descriptor.IterationCleanupMethod, descriptor.GlobalCleanupMethod, memory);
        }
        catch
        {
            Invoke(descriptor.GlobalCleanupMethod, instance);
            (instance as IDisposable)?.Dispose();
            throw;
        }
    }

    /// <summary>Makes <paramref name="calls"/> untimed calls (first-call allocations, caches, tiered JIT).</summary>
    public void Warmup(int calls)
    {
        for (var i = 0; i < calls; i++)
        {
            Invoke(_iterationSetup, _instance);
            _call();
            Invoke(_iterationCleanup, _instance);
        }
    }

    /// <summary>
    /// Times up to <paramref name="samples"/> calls one by one with <see cref="Stopwatch.GetTimestamp"/>, stopping
    /// once <paramref name="timeLimit"/> has passed with at least <paramref name="minSamples"/> timed.
    /// </summary>
    /// <returns>The latencies, ns, in call order.</returns>
    public List<double> Time(int samples, int minSamples, TimeSpan timeLimit)
    {
        var measurements = new List<double>(samples);
        var nsPerTick = 1e9 / Stopwatch.Frequency;
        var started = Stopwatch.GetTimestamp();
        var limit = (long)(timeLimit.TotalSeconds * Stopwatch.Frequency);
        var lastSample = started;
        var sampleEvery = Stopwatch.Frequency / 1000;
        for (var i = 0; i < samples; i++)
        {
            Invoke(_iterationSetup, _instance);
            var before = Stopwatch.GetTimestamp();
            _call();
            var after = Stopwatch.GetTimestamp();
            measurements.Add((after - before) * nsPerTick);
            Invoke(_iterationCleanup, _instance);
            if (after - lastSample >= sampleEvery)
            {
                _memory.Sample();
                lastSample = Stopwatch.GetTimestamp();
            }

            if (measurements.Count >= minSamples && after - started > limit)
            {
                break;
            }
        }

        _memory.Sample();
        return measurements;
    }

    /// <summary>Runs <c>[GlobalCleanup]</c> and disposes the instance.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Invoke(_globalCleanup, _instance);
        }
        finally
        {
            (_instance as IDisposable)?.Dispose();
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
