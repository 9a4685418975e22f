using System.Buffers;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>
/// Text → embedding for BERT-style encoders: WordPiece tokenisation, batched inference with as little padding as
/// possible, pooling and optional normalisation. Thread-safe. Does not own the session or the tokenizer.
/// </summary>
public sealed class TextEmbeddingPipeline
{
    private readonly ModelSession _session;
    private readonly WordPieceTokenizer _tokenizer;
    private readonly TextEmbeddingOptions _options;
    private readonly EmbeddingSignature _signature;
    private readonly int _maxLength;
    private readonly int _batchSize;

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

    private void EmbedAll(ReadOnlySpan<string> texts, Span<float[]> results)
    {
        if (texts.IsEmpty)
        {
            return;
        }

        using var tokens = TokenizedTexts.Create(texts, _tokenizer, _maxLength);
        var order = tokens.Order;
        for (var start = 0; start < order.Length; start += _batchSize)
        {
            RunBatch(tokens, order.Slice(start, Math.Min(_batchSize, order.Length - start)), results);
        }
    }

    // Pads the batch to its longest text (the first: rows are sorted longest first), runs it and pools each row
    // into the result slot of the text it came from.
    private void RunBatch(TokenizedTexts tokens, ReadOnlySpan<int> rows, Span<float[]> results)
    {
        var batch = rows.Length;
        var sequence = _signature.FixedSequenceLength ?? tokens.Length(rows[0]);
        var cells = batch * sequence;
        var inputShape = new long[] { batch, sequence };
        var roles = _signature.InputRoles;
        var buffers = new long[roles.Length][];
        var inputs = new OrtValue[roles.Length];
        float[]? outputBuffer = null;
        OrtValue? output = null;
        try
        {
            for (var i = 0; i < roles.Length; i++)
            {
                buffers[i] = ArrayPool<long>.Shared.Rent(cells);
                Fill(roles[i], buffers[i].AsSpan(0, cells), tokens, rows, sequence);
                inputs[i] = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, buffers[i].AsMemory(0, cells), inputShape);
            }

            var rowWidth = _signature.IsTokenOutput ? sequence * Dimensions : Dimensions;
            if (_signature.OutputShapeKnown)
            {
                // Let ONNX Runtime write straight into pooled memory instead of allocating an output per run.
                outputBuffer = ArrayPool<float>.Shared.Rent(batch * rowWidth);
                output = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, outputBuffer.AsMemory(0, batch * rowWidth), _signature.OutputShape(batch, sequence));
                _session.Session.Run(_session.RunOptions, _signature.InputNames, inputs, _signature.OutputNames, [output]);
                Pool(outputBuffer.AsSpan(0, batch * rowWidth), rowWidth, tokens, rows, results);
            }
            else
            {
                using var outputs = _session.Session.Run(_session.RunOptions, _signature.InputNames, inputs, _signature.OutputNames);
                var data = outputs[0].GetTensorDataAsSpan<float>();
                if (data.Length != batch * rowWidth)
                {
                    throw new InvalidOperationException($"Output '{_signature.OutputNames[0]}' has {data.Length} values for a batch of {batch}×{sequence}; expected {batch * rowWidth}.");
                }

                Pool(data, rowWidth, tokens, rows, results);
            }
        }
        finally
        {
            output?.Dispose();
            if (outputBuffer is not null)
            {
                ArrayPool<float>.Shared.Return(outputBuffer);
            }

            for (var i = 0; i < roles.Length; i++)
            {
                inputs[i]?.Dispose();
                if (buffers[i] is not null)
                {
                    ArrayPool<long>.Shared.Return(buffers[i]);
                }
            }
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
}
