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
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="defaultBackends">The backend short names to try, in order, when the options name none (the manifest's list).</param>
    /// <param name="options">Backend preference and ONNX Runtime settings; <see langword="null"/> for <see cref="AccelerateSessionOptions.Default"/>.</param>
    /// <returns>The open session; dispose it.</returns>
    /// <exception cref="FileNotFoundException">The model file does not exist.</exception>
    /// <exception cref="BackendUnavailableException">No requested backend works and CPU fallback is off.</exception>
    /// <exception cref="OnnxRuntimeException">The CPU backend cannot load the model (the model itself is unusable).</exception>
    public static ModelSession Open(string modelPath, IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(modelPath);
        ArgumentNullException.ThrowIfNull(defaultBackends);
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
            if (tried.Add(name) && TryCreate(fullPath, name, options, reasons, stopwatch) is { } session)
            {
                return session;
            }
        }

        if (!options.AllowCpuFallback || tried.Contains(BackendCatalog.Cpu))
        {
            throw new BackendUnavailableException(fullPath, reasons);
        }

        return TryCreate(fullPath, BackendCatalog.Cpu, options, reasons, stopwatch)!;
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

    // Returns null, with the reason recorded, when the backend is unavailable or its provider fails to start.
    // Failures on the CPU propagate: they mean the model itself cannot be loaded.
    private static ModelSession? TryCreate(string path, string name, AccelerateSessionOptions options, List<string> reasons, Stopwatch stopwatch)
    {
        if (!BackendDetector.IsAvailable(name, out var reason))
        {
            reasons.Add($"{name}: {reason}");
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
        catch (OnnxRuntimeException ex) when (backend.Name != BackendCatalog.Cpu)
        {
            sessionOptions?.Dispose();
            reasons.Add($"{name}: {backend.ProviderName} failed to start: {ex.Message}");
            return null;
        }
        catch
        {
            sessionOptions?.Dispose();
            throw;
        }
    }
}
