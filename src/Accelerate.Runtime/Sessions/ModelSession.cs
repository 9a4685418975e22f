using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>
/// An ONNX Runtime session on the first usable backend of a preference list. Thread-safe: any number of threads
/// may call <see cref="Run"/> (or run <see cref="Session"/>) at once; dispose it only when none is running.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private readonly SessionOptions _sessionOptions;
    private bool _disposed;

    private ModelSession(string modelPath, BackendInfo backend, InferenceSession session, SessionOptions sessionOptions, IReadOnlyList<string> fallbackReasons, TimeSpan loadTime)
    {
        ModelPath = modelPath;
        BackendInfo = backend;
        Session = session;
        _sessionOptions = sessionOptions;
        FallbackReasons = fallbackReasons;
        LoadTime = loadTime;
    }

    /// <summary>The underlying ONNX Runtime session, for metadata and calls this class does not wrap.</summary>
    public InferenceSession Session { get; }

    /// <summary>The full path of the model file.</summary>
    public string ModelPath { get; }

    /// <summary>The short name of the backend the session runs on, e.g. <c>cpu</c>.</summary>
    public string Backend => BackendInfo.Name;

    /// <summary>The catalogue entry of the backend the session runs on.</summary>
    public BackendInfo BackendInfo { get; }

    /// <summary>Why each backend preferred over <see cref="Backend"/> was skipped, e.g. "cuda: CUDAExecutionProvider is not in this ONNX Runtime build".</summary>
    public IReadOnlyList<string> FallbackReasons { get; }

    /// <summary>How long <see cref="Open"/> took, failed backend attempts included.</summary>
    public TimeSpan LoadTime { get; }

    /// <summary>Shared by every run: ONNX Runtime only reads run options, so one instance serves concurrent runs.</summary>
    internal RunOptions RunOptions { get; } = new();

    /// <summary>
    /// Opens <paramref name="modelPath"/> on the first available backend of <see cref="AccelerateSessionOptions.Backends"/>
    /// (or <paramref name="defaultBackends"/> when that is <see langword="null"/>), falling back to the CPU if allowed.
    /// </summary>
    /// <remarks>
    /// Availability comes from <see cref="BackendDetector.Probe"/>, so fallback reasons read as the detector's do.
    /// <see cref="BackendSelection.FromEnvironment"/> applies: a backend excluded by <c>ACCELERATE_BACKENDS</c> is skipped
    /// with "excluded by ACCELERATE_BACKENDS=..." (the CPU fallback too), and when a backend named by
    /// <c>ACCELERATE_REQUIRE_BACKENDS</c> is tried and cannot be used, this throws instead of trying the next one.
    /// </remarks>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="defaultBackends">The backend short names to try, in order, when the options name none (the manifest's list).</param>
    /// <param name="options">Backend preference and ONNX Runtime settings; <see langword="null"/> for <see cref="AccelerateSessionOptions.Default"/>.</param>
    /// <returns>The open session; dispose it.</returns>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="BackendUnavailableException">No requested backend works and CPU fallback is off or excluded, or a required backend cannot be used.</exception>
    /// <exception cref="ArgumentException"><c>ACCELERATE_BACKENDS</c> or <c>ACCELERATE_REQUIRE_BACKENDS</c> names an unknown backend, or they contradict each other.</exception>
    /// <exception cref="OnnxRuntimeException">The CPU backend cannot load the model (the model itself is unusable).</exception>
    public static ModelSession Open(string modelPath, IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(defaultBackends);
        return Open(modelPath, defaultBackends, options, BackendSelection.FromEnvironment(), BackendDetector.Prober);
    }

    /// <summary><see cref="Open(string, IReadOnlyList{string}, AccelerateSessionOptions?)"/> with the selection and detector passed in (for tests).</summary>
    internal static ModelSession Open(string modelPath, IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? options, BackendSelection selection, BackendProber prober)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(defaultBackends);
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(prober);
        options ??= AccelerateSessionOptions.Default;
        var fullPath = Path.GetFullPath(modelPath);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException(
                $"Model file '{fullPath}' was not found. Accelerate.Build copies each manifest's model to the output folder at build time: rebuild the project, and check that the file is beside the application.",
                fullPath);
        }

        var stopwatch = Stopwatch.StartNew();
        var reasons = new List<string>();
        var tried = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in options.Backends ?? defaultBackends)
        {
            if (!tried.Add(name))
            {
                continue;
            }

            if (TryCreate(fullPath, name, options, selection, prober, reasons, stopwatch) is { } session)
            {
                return session;
            }

            if (selection.RequiredBy(name) is { } requirement)
            {
                reasons[^1] += $" (required by {requirement}, so there is no fallback)";
                throw new BackendUnavailableException(fullPath, reasons, $"Backend '{name}' is required by {requirement} but cannot run '{fullPath}'.");
            }
        }

        if (!options.AllowCpuFallback)
        {
            throw new BackendUnavailableException(fullPath, reasons);
        }
        if (tried.Contains(BackendCatalog.Cpu))
        {
            throw new BackendUnavailableException(fullPath, reasons, $"None of the listed backends, the CPU included, can run '{fullPath}'.");
        }
        return TryCreate(fullPath, BackendCatalog.Cpu, options, selection, prober, reasons, stopwatch)
            ?? throw new BackendUnavailableException(fullPath, reasons, selection.IsAllowed(BackendCatalog.Cpu, out var excluded)
                ? $"No backend can run '{fullPath}', not even the CPU fallback."
                : $"None of the requested backends can run '{fullPath}', and the CPU fallback is {excluded}.");
    }

    /// <summary>Runs the model on raw tensors.</summary>
    /// <param name="inputNames">The graph input names, parallel to <paramref name="inputs"/>.</param>
    /// <param name="inputs">The input tensors (<see cref="TensorBuffer{T}"/>); numeric data is pinned, not copied.</param>
    /// <param name="outputNames">The graph outputs to compute.</param>
    /// <returns>One newly allocated buffer per output name, in the same order.</returns>
    public IReadOnlyList<ITensorBuffer> Run(IReadOnlyList<string> inputNames, IReadOnlyList<ITensorBuffer> inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputNames);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (inputNames.Count != inputs.Count)
        {
            throw new ArgumentException($"{inputNames.Count} input names but {inputs.Count} inputs.", nameof(inputs));
        }

        var values = new OrtValue[inputs.Count];
        try
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = inputs[i] is IOrtValueSource source
                    ? source.CreateOrtValue()
                    : throw new ArgumentException($"Input '{inputNames[i]}' is a {inputs[i]?.GetType().Name ?? "null"}; pass a TensorBuffer<T>.", nameof(inputs));
            }

            using var outputs = Session.Run(RunOptions, inputNames, values, outputNames);
            var results = new ITensorBuffer[outputNames.Count];
            var index = 0;
            foreach (var output in outputs)
            {
                results[index] = TensorElementTypes.ReadTensor(output, outputNames[index]);
                index++;
            }

            return results;
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Session.Dispose();
        _sessionOptions.Dispose();
        RunOptions.Dispose();
    }

    // Returns null, with the reason recorded, when the backend is excluded, unavailable or its provider fails to start.
    // Failures on the CPU propagate: they mean the model itself cannot be loaded.
    private static ModelSession? TryCreate(string path, string name, AccelerateSessionOptions options, BackendSelection selection, BackendProber prober, List<string> reasons, Stopwatch stopwatch)
    {
        if (!selection.IsAllowed(name, out var excluded))
        {
            reasons.Add($"{name}: {excluded}");
            return null;
        }

        var status = prober.Probe(name);
        if (!status.IsAvailable)
        {
            reasons.Add($"{name}: {status.Reason}");
            return null;
        }

        var backend = BackendCatalog.Find(name)!;
        SessionOptions? sessionOptions = null;
        try
        {
            sessionOptions = SessionOptionsFactory.Create(options, backend);
            var session = new InferenceSession(path, sessionOptions);
            return new ModelSession(path, backend, session, sessionOptions, reasons.ToArray(), stopwatch.Elapsed);
        }
        catch (Exception ex) when (backend.Name != BackendCatalog.Cpu)
        {
            sessionOptions?.Dispose();
            reasons.Add($"{name}: {BackendProber.FailedToStartReason(backend, BackendProber.Condense(ex))}");
            return null;
        }
        catch
        {
            sessionOptions?.Dispose();
            throw;
        }
    }
}
