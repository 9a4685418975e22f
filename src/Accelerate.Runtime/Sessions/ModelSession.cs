using System.Diagnostics;
using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>
/// An ONNX Runtime session on the first usable backend of a preference list. Thread-safe: any number of threads
/// may call <see cref="Run(IReadOnlyList{string}, IReadOnlyList{ITensorBuffer}, IReadOnlyList{string})"/> (or run <see cref="Session"/>) at once; dispose it only when none is running.
/// </summary>
public sealed class ModelSession : IDisposable
{
    private readonly SessionOptions _sessionOptions;
    private readonly ContextPool<RunContext> _runContexts = new(ContextPool<RunContext>.DefaultCapacity);
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

    /// <summary>How long <see cref="Open(string, IReadOnlyList{string}, AccelerateSessionOptions?)"/> took, failed backend attempts included.</summary>
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
                BackendFallbackLog.Report(fullPath, session.Backend, session.FallbackReasons, options.Logger);
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
        var fallback = TryCreate(fullPath, BackendCatalog.Cpu, options, selection, prober, reasons, stopwatch);
        if (fallback is not null)
        {
            BackendFallbackLog.Report(fullPath, fallback.Backend, fallback.FallbackReasons, options.Logger);
        }

        return fallback
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
        ArgumentNullException.ThrowIfNull(inputs);
        return Run(inputNames, inputs is ITensorBuffer[] array ? new ReadOnlySpan<ITensorBuffer>(array) : inputs.ToArray(), outputNames);
    }

    /// <summary>Runs the model on raw tensors.</summary>
    /// <remarks>
    /// Exists beside the <see cref="IReadOnlyList{T}"/> and <see cref="ReadOnlySpan{T}"/> overloads so that an array
    /// argument binds to exactly one of them in every C# version (before C# 14 an array converts to both equally well).
    /// </remarks>
    /// <param name="inputNames">The graph input names, parallel to <paramref name="inputs"/>.</param>
    /// <param name="inputs">The input tensors (<see cref="TensorBuffer{T}"/>); numeric data is pinned, not copied.</param>
    /// <param name="outputNames">The graph outputs to compute.</param>
    /// <returns>One newly allocated buffer per output name, in the same order.</returns>
    public IReadOnlyList<ITensorBuffer> Run(IReadOnlyList<string> inputNames, ITensorBuffer[] inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return Run(inputNames, new ReadOnlySpan<ITensorBuffer>(inputs), outputNames);
    }

    /// <summary>Runs the model on raw tensors.</summary>
    /// <remarks>
    /// A collection expression argument (<c>[a, b]</c>) builds this span without a heap array. The values bound to
    /// numeric input arrays are cached between calls; see <see cref="Run(IReadOnlyList{string}, ReadOnlySpan{ITensorBuffer}, IReadOnlyList{string}, ReadOnlySpan{ITensorBuffer})"/>.
    /// </remarks>
    /// <param name="inputNames">The graph input names, parallel to <paramref name="inputs"/>.</param>
    /// <param name="inputs">The input tensors (<see cref="TensorBuffer{T}"/>); numeric data is pinned, not copied.</param>
    /// <param name="outputNames">The graph outputs to compute.</param>
    /// <returns>One newly allocated buffer per output name, in the same order.</returns>
    public IReadOnlyList<ITensorBuffer> Run(IReadOnlyList<string> inputNames, ReadOnlySpan<ITensorBuffer> inputs, IReadOnlyList<string> outputNames)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(outputNames);
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckInputs(inputNames, inputs);
        var context = _runContexts.TryRent() ?? new RunContext();
        try
        {
            context.BindInputs(inputs);
            using var outputs = Session.Run(RunOptions, inputNames, context.InputValues, outputNames);
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
            context.AfterRun();
            _runContexts.Return(context);
        }
    }

    /// <summary>Runs the model on raw tensors, writing the outputs into caller-owned buffers.</summary>
    /// <remarks>
    /// <para>
    /// ONNX Runtime writes straight into <paramref name="outputs"/>; nothing is copied and, once the same buffers have
    /// been used before, nothing but ONNX Runtime's own per-run bookkeeping is allocated. The session keeps the values
    /// it binds to numeric input and output arrays, keyed by each array's identity and the buffer's shape, in a small
    /// pool of per-call contexts (one per concurrent caller, up to 8 kept): a repeat call with the same buffers reuses
    /// them, a different array or shape re-binds that slot. Bound arrays stay pinned and referenced by the session
    /// until other buffers take their slot or the session is disposed. String inputs are copied for every run.
    /// </para>
    /// <para>Thread-safe like every member, but concurrent calls must not share an output buffer (both would write it).</para>
    /// </remarks>
    /// <param name="inputNames">The graph input names, parallel to <paramref name="inputs"/>.</param>
    /// <param name="inputs">The input tensors (<see cref="TensorBuffer{T}"/>); numeric data is pinned, not copied.</param>
    /// <param name="outputNames">The graph outputs to compute, parallel to <paramref name="outputs"/>.</param>
    /// <param name="outputs">
    /// Numeric <see cref="TensorBuffer{T}"/>s of the outputs' element types and of exactly the shapes the model produces
    /// for these inputs.
    /// </param>
    /// <exception cref="ArgumentException">
    /// A count, name or element type does not match the model, or an output buffer's shape is not the one the model
    /// produces for these inputs (checked before the run where the model declares the dimension, after it otherwise).
    /// </exception>
    /// <exception cref="NotSupportedException">An output is a string tensor (string outputs cannot be written in place).</exception>
    public void Run(IReadOnlyList<string> inputNames, ReadOnlySpan<ITensorBuffer> inputs, IReadOnlyList<string> outputNames, ReadOnlySpan<ITensorBuffer> outputs)
    {
        ArgumentNullException.ThrowIfNull(inputNames);
        ArgumentNullException.ThrowIfNull(outputNames);
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckInputs(inputNames, inputs);
        CheckOutputs(inputNames, inputs, outputNames, outputs);
        var context = _runContexts.TryRent() ?? new RunContext();
        try
        {
            context.BindInputs(inputs);
            context.BindOutputs(outputs);
            Session.Run(RunOptions, inputNames, context.InputValues, outputNames, context.OutputValues);
        }
        catch (OnnxRuntimeException e) when (IsOutputShapeError(e))
        {
            throw new ArgumentException(
                $"An output buffer does not have the shape the model produces for these inputs ({string.Join(", ", ShapesOf(outputNames, outputs))}). ONNX Runtime: {e.Message}",
                nameof(outputs), e);
        }
        finally
        {
            context.AfterRun();
            _runContexts.Return(context);
        }
    }

    // ONNX Runtime's words for a pre-allocated output of the wrong shape: "The output OrtValue provided for output 'x'
    // ... has shape {..} but the computed output shape for this run is {..}" (1.2x+), "Shape mismatch attempting to
    // re-use buffer" (older releases and other code paths).
    private static bool IsOutputShapeError(OnnxRuntimeException e) =>
        e.Message.Contains("computed output shape", StringComparison.Ordinal) || e.Message.Contains("Shape mismatch", StringComparison.Ordinal);

    private static IEnumerable<string> ShapesOf(IReadOnlyList<string> names, ReadOnlySpan<ITensorBuffer> buffers)
    {
        var result = new List<string>(buffers.Length);
        for (var i = 0; i < buffers.Length; i++)
        {
            result.Add($"'{names[i]}' [{string.Join(", ", buffers[i].Shape)}]");
        }

        return result;
    }

    private static void CheckInputs(IReadOnlyList<string> inputNames, ReadOnlySpan<ITensorBuffer> inputs)
    {
        if (inputNames.Count != inputs.Length)
        {
            throw new ArgumentException($"{inputNames.Count} input names but {inputs.Length} inputs.", nameof(inputs));
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i] is not IOrtValueSource)
            {
                throw new ArgumentException($"Input '{inputNames[i]}' is a {inputs[i]?.GetType().Name ?? "null"}; pass a TensorBuffer<T>.", nameof(inputs));
            }
        }
    }

    // Checks what the model's metadata declares before anything runs: element type, rank, fixed dimensions, and
    // symbolic dimensions that an input of this call shares (their size is that input's). Dimensions the metadata
    // leaves open are checked by ONNX Runtime during the run (see the catch in Run).
    private void CheckOutputs(IReadOnlyList<string> inputNames, ReadOnlySpan<ITensorBuffer> inputs, IReadOnlyList<string> outputNames, ReadOnlySpan<ITensorBuffer> outputs)
    {
        if (outputNames.Count != outputs.Length)
        {
            throw new ArgumentException($"{outputNames.Count} output names but {outputs.Length} outputs.", nameof(outputs));
        }

        for (var o = 0; o < outputs.Length; o++)
        {
            var name = outputNames[o];
            if (outputs[o] is not IOrtValueSource source)
            {
                throw new ArgumentException($"Output '{name}' is a {outputs[o]?.GetType().Name ?? "null"}; pass a TensorBuffer<T>.", nameof(outputs));
            }

            if (!Session.OutputMetadata.TryGetValue(name, out var metadata))
            {
                throw new ArgumentException($"The model has no output '{name}' (its outputs: {string.Join(", ", Session.OutputNames)}).", nameof(outputNames));
            }

            if (!source.IsPinned)
            {
                throw new NotSupportedException($"Output '{name}' is a string tensor; string outputs cannot be written into a caller's buffer. Use the Run overload that returns new buffers.");
            }

            if (!metadata.IsTensor || metadata.ElementDataType != source.OnnxElementType)
            {
                throw new ArgumentException(
                    $"Output '{name}' is {(metadata.IsTensor ? metadata.ElementDataType.ToString() : metadata.OnnxValueType.ToString())} but its buffer holds {outputs[o].ElementType.Name}.",
                    nameof(outputs));
            }

            var shape = outputs[o].Shape;
            var dims = metadata.Dimensions;
            var symbols = metadata.SymbolicDimensions;
            if (dims.Length != shape.Length)
            {
                throw ShapeMismatch(name, shape, dims, symbols, $"the model's output has rank {dims.Length}");
            }

            for (var d = 0; d < dims.Length; d++)
            {
                if (dims[d] > 0)
                {
                    if (shape[d] != dims[d])
                    {
                        throw ShapeMismatch(name, shape, dims, symbols, $"dimension {d} is fixed at {dims[d]}");
                    }
                }
                else if (d < symbols.Length && symbols[d].Length > 0 && SymbolSize(symbols[d], inputNames, inputs) is { } size && shape[d] != size)
                {
                    throw ShapeMismatch(name, shape, dims, symbols, $"dimension {d} is '{symbols[d]}', which is {size} in these inputs");
                }
            }
        }
    }

    private long? SymbolSize(string symbol, IReadOnlyList<string> inputNames, ReadOnlySpan<ITensorBuffer> inputs)
    {
        for (var i = 0; i < inputs.Length; i++)
        {
            if (!Session.InputMetadata.TryGetValue(inputNames[i], out var metadata))
            {
                continue;
            }

            var symbols = metadata.SymbolicDimensions;
            var shape = inputs[i].Shape;
            for (var d = 0; d < symbols.Length && d < shape.Length; d++)
            {
                if (symbols[d] == symbol && metadata.Dimensions[d] <= 0)
                {
                    return shape[d];
                }
            }
        }

        return null;
    }

    private static ArgumentException ShapeMismatch(string name, long[] shape, int[] dims, string[] symbols, string reason)
    {
        var declared = new string[dims.Length];
        for (var d = 0; d < dims.Length; d++)
        {
            declared[d] = dims[d] > 0 ? dims[d].ToString(System.Globalization.CultureInfo.InvariantCulture)
                : d < symbols.Length && symbols[d].Length > 0 ? symbols[d] : "?";
        }

        return new ArgumentException(
            $"The buffer for output '{name}' has shape [{string.Join(", ", shape)}], but the model produces [{string.Join(", ", declared)}] for these inputs: {reason}.",
            "outputs");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _runContexts.Dispose();
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

    /// <summary>The reusable state of one call: the values bound to its input and output buffers.</summary>
    private sealed class RunContext : IDisposable
    {
        private BoundValue[] _inputs = [];
        private BoundValue[] _outputs = [];
        private OrtValue[] _inputValues = [];
        private OrtValue[] _outputValues = [];

        // A safety net for sessions that are never disposed: unpins the bound arrays.
        ~RunContext() => Release();

        public OrtValue[] InputValues => _inputValues;

        public OrtValue[] OutputValues => _outputValues;

        public void BindInputs(ReadOnlySpan<ITensorBuffer> buffers) => Bind(buffers, ref _inputs, ref _inputValues);

        public void BindOutputs(ReadOnlySpan<ITensorBuffer> buffers) => Bind(buffers, ref _outputs, ref _outputValues);

        public void AfterRun()
        {
            foreach (var slot in _inputs)
            {
                slot.AfterRun();
            }
        }

        public void Dispose()
        {
            Release();
            GC.SuppressFinalize(this);
        }

        private static void Bind(ReadOnlySpan<ITensorBuffer> buffers, ref BoundValue[] slots, ref OrtValue[] values)
        {
            if (slots.Length != buffers.Length)
            {
                // A call with another number of tensors: start over (the values array must have exactly that length).
                foreach (var slot in slots)
                {
                    slot.Release();
                }

                slots = new BoundValue[buffers.Length];
                for (var i = 0; i < slots.Length; i++)
                {
                    slots[i] = new BoundValue();
                }

                values = new OrtValue[buffers.Length];
            }

            for (var i = 0; i < buffers.Length; i++)
            {
                values[i] = slots[i].Bind((IOrtValueSource)buffers[i], buffers[i].Shape);
            }
        }

        private void Release()
        {
            foreach (var slot in _inputs)
            {
                slot.Release();
            }

            foreach (var slot in _outputs)
            {
                slot.Release();
            }
        }
    }
}
