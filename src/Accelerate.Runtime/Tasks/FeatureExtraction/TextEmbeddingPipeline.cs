using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>
/// Text → embedding for BERT-style encoders: WordPiece tokenisation, batched inference with as little padding as
/// possible, pooling and optional normalisation. Thread-safe. Opened with <see cref="Open"/> it owns its session; built
/// with the constructor it does not.
/// </summary>
/// <remarks>
/// Per-instance caching: each call borrows a <em>batch context</em> from a small pool (one per concurrent caller, up to
/// 8 kept idle) that holds the token and tensor buffers, the shape arrays and the ONNX Runtime values bound to them.
/// The values are re-created only when a batch's shape (batch size × padded length) differs from the context's
/// previous one, so repeated calls of the same shape allocate only their result vectors and what ONNX Runtime's own
/// <c>Run</c> allocates. A context's buffers grow to the largest batch it has run and are kept until
/// <see cref="Dispose"/> (or, if the pipeline is never disposed, until it is collected).
/// </remarks>
public sealed class TextEmbeddingPipeline : ITaskPipeline
{
    private readonly ModelSession _session;
    private readonly bool _ownsSession;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly TextEmbeddingOptions _options;
    private readonly EmbeddingSignature _signature;
    private readonly int _maxLength;
    private readonly int _batchSize;
    private readonly ContextPool<BatchContext> _contexts = new(ContextPool<BatchContext>.DefaultCapacity);

    /// <summary>Binds a tokenizer and options to an open model session, checking the model's inputs and outputs.</summary>
    /// <param name="session">The model; it stays owned by the caller.</param>
    /// <param name="tokenizer">The model's tokenizer.</param>
    /// <param name="options">Lengths, pooling, input and output names.</param>
    /// <exception cref="ArgumentException">An option does not fit the model (unknown input or output, wrong rank).</exception>
    /// <exception cref="NotSupportedException">The model's inputs or output have types this pipeline cannot feed or pool.</exception>
    public TextEmbeddingPipeline(ModelSession session, WordPieceTokenizer tokenizer, TextEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxLength, 2, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options));
        _session = session;
        _tokenizer = tokenizer;
        _options = options;
        _signature = EmbeddingSignature.Resolve(session.Session, options, tokenizer);
        _maxLength = Math.Min(options.MaxLength, _signature.FixedSequenceLength ?? int.MaxValue);
        _batchSize = Math.Min(options.BatchSize, _signature.FixedBatchSize ?? int.MaxValue);
    }

    /// <summary>Opens the model and its vocabulary, and binds them: the pipeline owns the session.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="vocabPath">The WordPiece vocab.txt.</param>
    /// <param name="defaultBackends">The manifest's backends, used when the options name none.</param>
    /// <param name="options">Backends and ONNX Runtime settings.</param>
    /// <param name="embedding">Lengths, pooling, tokenizer casing, input and output names.</param>
    /// <returns>The pipeline; dispose it.</returns>
    public static TextEmbeddingPipeline Open(string modelPath, string vocabPath, IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? options, TextEmbeddingOptions embedding)
    {
        ArgumentNullException.ThrowIfNull(embedding);
        var session = ModelSession.Open(modelPath, defaultBackends, options);
        try
        {
            return new TextEmbeddingPipeline(session, WordPieceTokenizer.Load(vocabPath, embedding.Lowercase), embedding, ownsSession: true);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private TextEmbeddingPipeline(ModelSession session, WordPieceTokenizer tokenizer, TextEmbeddingOptions options, bool ownsSession)
        : this(session, tokenizer, options)
    {
        _ownsSession = ownsSession;
    }

    /// <summary>The model's session.</summary>
    public ModelSession Session => _session;

    /// <summary>The length of each embedding: the last axis of the model's output.</summary>
    public int Dimensions => _signature.Dimensions;

    /// <summary>Embeds one text.</summary>
    /// <param name="text">The text; empty is allowed (it embeds <c>[CLS] [SEP]</c>).</param>
    /// <returns>A new vector of <see cref="Dimensions"/> values.</returns>
    public float[] Embed(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        float[] result = null!;
        EmbedAll(new ReadOnlySpan<string>(in text), new Span<float[]>(ref result));
        return result;
    }

    /// <summary>Embeds texts in batches of <see cref="TextEmbeddingOptions.BatchSize"/>, texts of similar length together.</summary>
    /// <param name="texts">The texts; none may be <see langword="null"/>.</param>
    /// <returns>One new vector per text, in the order of <paramref name="texts"/>.</returns>
    public float[][] Embed(IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ReadOnlySpan<string> span = texts switch
        {
            string[] array => array,
            List<string> list => CollectionsMarshal.AsSpan(list),
            _ => texts.ToArray(),
        };
        for (var i = 0; i < span.Length; i++)
        {
            if (span[i] is null)
            {
                throw new ArgumentNullException(nameof(texts), $"texts[{i}] is null.");
            }
        }

        var results = new float[span.Length][];
        EmbedAll(span, results);
        return results;
    }

    /// <summary>Releases the cached batch contexts (their buffers and the ONNX Runtime values bound to them), and the session when <see cref="Open"/> opened it.</summary>
    public void Dispose()
    {
        _contexts.Dispose();
        if (_ownsSession) _session.Dispose();
    }

    private void EmbedAll(ReadOnlySpan<string> texts, Span<float[]> results)
    {
        if (texts.IsEmpty)
        {
            return;
        }

        var context = _contexts.TryRent() ?? new BatchContext(_signature.InputRoles.Length);
        try
        {
            var tokens = context.Tokens;
            tokens.Tokenize(texts, _tokenizer, _maxLength);
            var order = tokens.Order;
            for (var start = 0; start < order.Length; start += _batchSize)
            {
                RunBatch(context, tokens, order.Slice(start, Math.Min(_batchSize, order.Length - start)), results);
            }
        }
        finally
        {
            _contexts.Return(context);
        }
    }

    // Pads the batch to its longest text (the first: rows are sorted longest first), runs it and pools each row
    // into the result slot of the text it came from.
    private void RunBatch(BatchContext context, TokenizedTexts tokens, ReadOnlySpan<int> rows, Span<float[]> results)
    {
        var batch = rows.Length;
        var sequence = _signature.FixedSequenceLength ?? tokens.Length(rows[0]);
        var cells = batch * sequence;
        var roles = _signature.InputRoles;
        var rowWidth = _signature.IsTokenOutput ? sequence * Dimensions : Dimensions;
        context.Bind(batch, sequence, _signature, rowWidth);
        for (var i = 0; i < roles.Length; i++)
        {
            Fill(roles[i], context.Buffers[i].AsSpan(0, cells), tokens, rows, sequence);
        }

        if (_signature.OutputShapeKnown)
        {
            // ONNX Runtime writes straight into the context's output buffer instead of allocating an output per run.
            _session.Session.Run(_session.RunOptions, _signature.InputNames, context.InputValues, _signature.OutputNames, context.OutputValues);
            Pool(context.Output.AsSpan(0, batch * rowWidth), rowWidth, tokens, rows, results);
        }
        else
        {
            using var outputs = _session.Session.Run(_session.RunOptions, _signature.InputNames, context.InputValues, _signature.OutputNames);
            var data = outputs[0].GetTensorDataAsSpan<float>();
            if (data.Length != batch * rowWidth)
            {
                throw new InvalidOperationException($"Output '{_signature.OutputNames[0]}' has {data.Length} values for a batch of {batch}×{sequence}; expected {batch * rowWidth}.");
            }

            Pool(data, rowWidth, tokens, rows, results);
        }
    }

    private void Fill(EmbeddingSignature.InputRole role, Span<long> target, TokenizedTexts tokens, ReadOnlySpan<int> rows, int sequence)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            var row = target.Slice(r * sequence, sequence);
            var length = tokens.Length(rows[r]);
            switch (role)
            {
                case EmbeddingSignature.InputRole.InputIds:
                    tokens.Ids(rows[r]).CopyTo(row);
                    row[length..].Fill(_tokenizer.PadId);
                    break;
                case EmbeddingSignature.InputRole.AttentionMask:
                    row[..length].Fill(1);
                    row[length..].Clear();
                    break;
                default:
                    row.Clear(); // a single segment: every token type is 0
                    break;
            }
        }
    }

    private void Pool(ReadOnlySpan<float> output, int rowWidth, TokenizedTexts tokens, ReadOnlySpan<int> rows, Span<float[]> results)
    {
        for (var r = 0; r < rows.Length; r++)
        {
            results[rows[r]] = Pooler.Pool(_options.Pooling, output.Slice(r * rowWidth, rowWidth), tokens.Length(rows[r]), Dimensions, _options.Normalize);
        }
    }

    /// <summary>
    /// What one call reuses between batches and, through the pool, between calls: the tokenised texts, one buffer per
    /// input, the output buffer, their shape arrays and the <see cref="OrtValue"/>s bound to them for the current
    /// batch shape. Used by one call at a time.
    /// </summary>
    private sealed class BatchContext : IDisposable
    {
        private readonly long[] _inputShape = new long[2];
        private long[] _outputShape = [];
        private (int Batch, int Sequence) _shape;

        public BatchContext(int inputs)
        {
            Buffers = new long[inputs][];
            Array.Fill(Buffers, []);
            InputValues = new OrtValue[inputs];
        }

        // A safety net for pipelines that are never disposed: unpins the buffers.
        ~BatchContext() => Release();

        public TokenizedTexts Tokens { get; } = new();

        public long[][] Buffers { get; }

        public float[] Output { get; private set; } = [];

        public OrtValue[] InputValues { get; }

        public OrtValue[] OutputValues { get; } = new OrtValue[1];

        /// <summary>Makes the buffers hold a batch of this shape and the values describe it; re-binds only on a change.</summary>
        public void Bind(int batch, int sequence, EmbeddingSignature signature, int rowWidth)
        {
            if (_shape == (batch, sequence) && InputValues[0] is not null)
            {
                return;
            }

            Release();
            var cells = batch * sequence;
            _inputShape[0] = batch;
            _inputShape[1] = sequence;
            for (var i = 0; i < Buffers.Length; i++)
            {
                if (Buffers[i].Length < cells)
                {
                    Buffers[i] = new long[cells];
                }

                InputValues[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Buffers[i].AsMemory(0, cells), _inputShape);
            }

            if (signature.OutputShapeKnown)
            {
                var outputCells = batch * rowWidth;
                if (Output.Length < outputCells)
                {
                    Output = new float[outputCells];
                }

                _outputShape = signature.OutputShape(batch, sequence, _outputShape);
                OutputValues[0] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, Output.AsMemory(0, outputCells), _outputShape);
            }

            _shape = (batch, sequence);
        }

        public void Dispose()
        {
            Release();
            GC.SuppressFinalize(this);
        }

        private void Release()
        {
            for (var i = 0; i < InputValues.Length; i++)
            {
                InputValues[i]?.Dispose();
                InputValues[i] = null!;
            }

            OutputValues[0]?.Dispose();
            OutputValues[0] = null!;
            _shape = default;
        }
    }
}
