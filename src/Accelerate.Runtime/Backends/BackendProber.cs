using System.Collections.Concurrent;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>
/// The detection logic behind <see cref="BackendDetector"/>, with the two things that touch the machine passed in so
/// tests can stand in for hardware: the provider list of the ONNX Runtime build, and the trial session.
/// </summary>
/// <remarks>
/// Probing a backend, in order: (1) find it in <see cref="BackendCatalog"/>; (2) check that its provider is in the
/// ONNX Runtime build; (3) check that the .NET API can enable it; (4) create a session with the provider on
/// <see cref="ProbeModel"/> and run it once. The first step that fails gives the reason. Results are cached per
/// instance: each backend is probed at most once.
/// </remarks>
internal sealed partial class BackendProber
{
    /// <summary>What ONNX Runtime says when a provider left nodes to the CPU provider and CPU fallback is off.</summary>
    internal const string CpuFallbackDisabledMessage = "fallback to CPU EP has been explicitly disabled";

    private readonly Lazy<IReadOnlyList<string>> _availableProviders;
    private readonly Func<BackendInfo, string?> _trySession;
    private readonly Func<BackendInfo, string?> _explainLoadFailure;
    private readonly ConcurrentDictionary<string, Lazy<BackendStatus>> _cache = new(StringComparer.Ordinal);

    /// <summary>Creates a prober.</summary>
    /// <param name="availableProviders">The provider names the ONNX Runtime build reports (called once).</param>
    /// <param name="trySession">
    /// Creates and runs a session with the backend's provider; returns <see langword="null"/> on success, or why it
    /// failed. An exception it throws counts as a failure with the exception's message.
    /// </param>
    /// <param name="explainLoadFailure">
    /// When the session failed because a provider library could not be loaded: why, in the loader's words (the missing
    /// dependency), or <see langword="null"/>. Defaults to loading the provider library itself.
    /// </param>
    public BackendProber(Func<IReadOnlyList<string>> availableProviders, Func<BackendInfo, string?> trySession, Func<BackendInfo, string?>? explainLoadFailure = null)
    {
        ArgumentNullException.ThrowIfNull(availableProviders);
        ArgumentNullException.ThrowIfNull(trySession);
        _availableProviders = new(availableProviders);
        _trySession = trySession;
        _explainLoadFailure = explainLoadFailure ?? ProviderLibraries.ExplainLoadFailure;
    }

    /// <summary>The provider names the ONNX Runtime build reports.</summary>
    public IReadOnlyList<string> AvailableProviders => _availableProviders.Value;

    /// <summary>A prober over the ONNX Runtime this process loaded, trying real sessions.</summary>
    public static BackendProber CreateReal() =>
        new(() => OrtEnv.Instance().GetAvailableProviders(), TryProbeSession);

    /// <summary>Probes one backend (at most once per prober).</summary>
    /// <param name="backendName">A short name (any case) or a provider name.</param>
    public BackendStatus Probe(string backendName)
    {
        ArgumentNullException.ThrowIfNull(backendName);
        var backend = BackendCatalog.Find(backendName);
        if (backend is null)
        {
            return new BackendStatus(backendName, string.Empty, false, UnknownBackendReason(backendName));
        }

        return _cache.GetOrAdd(backend.Name, _ => new Lazy<BackendStatus>(() => Detect(backend))).Value;
    }

    /// <summary>Probes every catalogue backend, in catalogue order.</summary>
    public IReadOnlyList<BackendStatus> ProbeAll() => BackendCatalog.All.Select(b => Probe(b.Name)).ToList();

    /// <summary>"'gpu' is not a known backend (known: cpu, cuda, ...)".</summary>
    public static string UnknownBackendReason(string name) =>
        $"'{name}' is not a known backend (known: {string.Join(", ", BackendCatalog.All.Select(b => b.Name))})";

    /// <summary>Why a provider is not in the build, naming the package whose build has it.</summary>
    public static string NotInBuildReason(BackendInfo backend)
    {
        // The CPU build is the default, so naming its property value would not help anyone.
        var setting = backend.OnnxRuntimeBuild is { } build && build != BackendCatalog.Cpu ? $"; with Accelerate.Build, set AccelerateOnnxRuntime={build}" : "";
        return backend.Package switch
        {
            null => $"{backend.ProviderName} is not in this ONNX Runtime build",
            var package when backend.Platforms is { } platforms => $"{backend.ProviderName} is not in this ONNX Runtime build (builds that have it: the {package} package on {platforms}{setting})",
            var package => $"{backend.ProviderName} is not in this ONNX Runtime build (builds that have it: the {package} package{setting})",
        };
    }

    /// <summary>Why a provider that was in the build failed to start, in one line.</summary>
    public static string FailedToStartReason(BackendInfo backend, string failure) =>
        failure.Contains(CpuFallbackDisabledMessage, StringComparison.OrdinalIgnoreCase)
            ? $"{backend.ProviderName} started but took none of the probe model's nodes ({ProbeModel.Operator}), so models would silently run on the CPU"
            : $"{backend.ProviderName} failed to start: {Condense(failure)}";

    /// <summary>The message of <paramref name="exception"/> (or of the exception it wraps), condensed to one line.</summary>
    public static string Condense(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        while (exception is TypeInitializationException or TargetInvocationException or AggregateException && exception.InnerException is { } inner)
        {
            exception = inner;
        }

        return Condense(exception.Message);
    }

    /// <summary>
    /// Condenses an ONNX Runtime error message to one line: whitespace runs become one space, and the
    /// "[ErrorCode:...] source.cc:123 function [ONNXRuntimeError] : 1 : FAIL :" prefix is dropped.
    /// </summary>
    public static string Condense(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var text = Whitespace().Replace(message, " ").Trim();
        var marker = OrtErrorPrefix().Matches(text);
        if (marker.Count > 0)
        {
            var last = marker[^1];
            var rest = text[(last.Index + last.Length)..].Trim();
            if (rest.Length > 0)
            {
                text = rest;
            }
        }

        text = ErrorCodePrefix().Replace(text, string.Empty);
        const int MaxLength = 400;
        return text.Length <= MaxLength ? text : text[..(MaxLength - 1)] + "…";
    }

    private BackendStatus Detect(BackendInfo backend)
    {
        if (!AvailableProviders.Contains(backend.ProviderName, StringComparer.Ordinal))
        {
            return Unavailable(backend, NotInBuildReason(backend));
        }

        if (!ExecutionProviders.CanAppend(backend))
        {
            return Unavailable(backend, $"{backend.ProviderName} is in this ONNX Runtime build, but its .NET API offers no way to enable it");
        }

        string? failure;
        try
        {
            failure = _trySession(backend);
        }
        catch (Exception ex)
        {
            failure = Condense(ex);
        }

        if (failure is not null && ProviderLibraries.IsLoadFailure(failure) && _explainLoadFailure(backend) is { } why)
        {
            failure = $"{Condense(failure)} ({why})";
        }

        return failure is null
            ? new BackendStatus(backend.Name, backend.ProviderName, true, string.Empty)
            : Unavailable(backend, FailedToStartReason(backend, failure));
    }

    private static BackendStatus Unavailable(BackendInfo backend, string reason) =>
        new(backend.Name, backend.ProviderName, false, reason);

    // The real trial: an InferenceSession with the provider on the in-memory Identity model, run once on [1.0].
    private static string? TryProbeSession(BackendInfo backend)
    {
        using var options = new SessionOptions
        {
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_FATAL, // failures surface as exceptions instead
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL,
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
        };
        if (ExecutionProviders.ProbeDisablesCpuFallback(backend))
        {
            options.AddSessionConfigEntry("session.disable_cpu_ep_fallback", "1");
        }

        ExecutionProviders.Append(options, backend);
        using var session = new InferenceSession(ProbeModel.Bytes, options);
        using var runOptions = new RunOptions();
        using var input = OrtValue.CreateTensorValueFromMemory(new[] { 1.5f }, new long[] { 1 });
        using var outputs = session.Run(runOptions, [ProbeModel.InputName], [input], [ProbeModel.OutputName]);
        var value = outputs[0].GetTensorDataAsSpan<float>()[0];
        return value == 1.5f ? null : $"the probe model returned {value} for 1.5";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*[A-Z_]+\s*:")]
    private static partial Regex OrtErrorPrefix();

    [GeneratedRegex(@"^\[ErrorCode:\w+\]\s*")]
    private static partial Regex ErrorCodePrefix();
}
