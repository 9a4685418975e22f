using System.Numerics.Tensors;
using FastBertTokenizer;
using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Performance.HandWritten;

/// <summary>
/// The baseline the generated class is held to: what a careful developer writes against ONNX Runtime and
/// FastBertTokenizer directly for all-MiniLM-L6-v2, with nothing left on the table. Every buffer is allocated
/// once; a run allocates only the returned vectors and what ONNX Runtime's managed API allocates per call.
/// Not thread-safe (the shared buffers are the point).
/// </summary>
/// <remarks>
/// Batches are padded to their own longest text, in input order: this is the straightforward batching a developer
/// writes by hand. It does not sort by length; <see cref="EmbedSorted"/> is the variant that does.
/// </remarks>
public sealed class HandWrittenEmbedder : IDisposable
{
    /// <summary>The most tokens per text, [CLS] and [SEP] included, as sentence-transformers uses for this model.</summary>
    public const int MaxLength = 256;

    /// <summary>The width of the model's hidden state.</summary>
    public const int Dimensions = 384;

    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];

    private readonly SessionOptions? _sessionOptions; // null when the session is the caller's
    private readonly RunOptions _runOptions = new();
    private readonly BertTokenizer _tokenizer = new();
    private readonly long _padId;
    private readonly int _maxBatch;

    // [maxBatch, MaxLength] at most; a batch uses the first batch × sequence cells, row-major.
    private readonly long[] _ids;
    private readonly long[] _mask;
    private readonly long[] _tokenTypes; // stays all zero: one segment per text
    private readonly long[] _maskScratch = new long[MaxLength];
    private readonly int[] _lengths;
    private readonly float[] _hidden;

    // ONNX Runtime values over the buffers above for the most recent batch shape. Creating them pins memory and
    // crosses into native code, so a steady stream of same-shaped batches reuses them.
    private OrtValue[] _inputValues = [];
    private OrtValue[] _outputValues = [];
    private (int Batch, int Sequence) _valueShape;

    /// <summary>Opens the model with the settings the benchmarks give the generated class as well.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="vocabPath">The WordPiece vocabulary (vocab.txt).</param>
    /// <param name="intraOpThreads">ONNX Runtime intra-op threads.</param>
    /// <param name="maxBatch">The largest batch <see cref="Embed(string[], int)"/> will be asked for.</param>
    public HandWrittenEmbedder(string modelPath, string vocabPath, int intraOpThreads, int maxBatch)
        : this(vocabPath, maxBatch)
    {
        _sessionOptions = CreateSessionOptions(intraOpThreads);
        Session = new InferenceSession(modelPath, _sessionOptions);
    }

    /// <summary>
    /// Runs on an existing session, which stays owned by the caller: lets a comparison put both sides on one
    /// session, so that nothing but the code around <c>Run</c> differs between them.
    /// </summary>
    public HandWrittenEmbedder(InferenceSession session, string vocabPath, int maxBatch)
        : this(vocabPath, maxBatch)
    {
        Session = session;
    }

    private HandWrittenEmbedder(string vocabPath, int maxBatch)
    {
        using (var reader = File.OpenText(vocabPath))
        {
            _tokenizer.LoadVocabulary(reader, convertInputToLowercase: true);
        }

        _padId = File.ReadLines(vocabPath).TakeWhile(line => line != "[PAD]").LongCount();
        _maxBatch = maxBatch;
        _ids = new long[maxBatch * MaxLength];
        _mask = new long[maxBatch * MaxLength];
        _tokenTypes = new long[maxBatch * MaxLength];
        _lengths = new int[maxBatch];
        _hidden = new float[maxBatch * MaxLength * Dimensions];
    }

    /// <summary>The session, for the raw-run benchmark, which feeds it directly.</summary>
    public InferenceSession Session { get; } = null!;

    /// <summary>The run options every call passes.</summary>
    public RunOptions RunOptions => _runOptions;

    /// <summary>
    /// The ONNX Runtime settings both sides of every comparison use: explicit thread count, no spinning (spinning
    /// workers steal one of the two cores from the measured thread) and full graph optimisation.
    /// </summary>
    public static SessionOptions CreateSessionOptions(int intraOpThreads)
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = intraOpThreads,
        };
        // The same two entries Accelerate.Runtime sets for AllowSpinning = false.
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        options.AddSessionConfigEntry("session.inter_op.allow_spinning", "0");
        return options;
    }

    /// <summary>Tokenises <paramref name="text"/> the way this pipeline does, for checks on the inputs.</summary>
    public int CountTokens(string text) => _tokenizer.Encode(text, _ids.AsSpan(0, MaxLength), _maskScratch);

    /// <summary>Embeds one text.</summary>
    public float[] Embed(string text)
    {
        float[] result = null!;
        RunBatch(new ReadOnlySpan<string>(in text), new Span<float[]>(ref result));
        return result;
    }

    /// <summary>Embeds <paramref name="texts"/> in consecutive batches of <paramref name="batchSize"/>, in input order.</summary>
    public float[][] Embed(string[] texts, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, _maxBatch);
        var results = new float[texts.Length][];
        for (var start = 0; start < texts.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, texts.Length - start);
            RunBatch(texts.AsSpan(start, count), results.AsSpan(start, count));
        }

        return results;
    }

    /// <summary>
    /// Embeds <paramref name="texts"/> in batches of similar length, as sentence-transformers and the generated class
    /// do. <paramref name="lengthOrder"/> holds the text indices longest first (see <see cref="LengthOrder"/>); it is
    /// computed once outside the measured code, which flatters this variant by one tokenisation pass.
    /// </summary>
    public float[][] EmbedSorted(string[] texts, int[] lengthOrder, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(batchSize, _maxBatch);
        var results = new float[texts.Length][];
        var batchTexts = new string[batchSize];
        var batchResults = new float[batchSize][];
        for (var start = 0; start < texts.Length; start += batchSize)
        {
            var count = Math.Min(batchSize, texts.Length - start);
            for (var r = 0; r < count; r++)
            {
                batchTexts[r] = texts[lengthOrder[start + r]];
            }

            RunBatch(batchTexts.AsSpan(0, count), batchResults.AsSpan(0, count));
            for (var r = 0; r < count; r++)
            {
                results[lengthOrder[start + r]] = batchResults[r];
            }
        }

        return results;
    }

    /// <summary>The indices of <paramref name="texts"/>, longest (in tokens) first.</summary>
    public int[] LengthOrder(string[] texts) =>
        [.. Enumerable.Range(0, texts.Length).OrderByDescending(i => CountTokens(texts[i]))];

    public void Dispose()
    {
        DisposeValues();
        if (_sessionOptions is not null)
        {
            Session.Dispose();
            _sessionOptions.Dispose();
        }

        _runOptions.Dispose();
    }

    // Runs one batch, padded to its longest text, and writes each text's embedding to the same index of results.
    private void RunBatch(ReadOnlySpan<string> texts, Span<float[]> results)
    {
        var count = texts.Length;

        // Tokenise each text into its own MaxLength-wide row first: the batch's width is only known at the end.
        var sequence = 0;
        for (var r = 0; r < count; r++)
        {
            _lengths[r] = _tokenizer.Encode(texts[r], _ids.AsSpan(r * MaxLength, MaxLength), _maskScratch);
            sequence = Math.Max(sequence, _lengths[r]);
        }

        // Then pack the rows to [count, sequence] in place. A row only ever moves towards the start and its padding
        // ends where the next row's unmoved tokens begin, so nothing is overwritten before it is read.
        for (var r = 0; r < count; r++)
        {
            var length = _lengths[r];
            var row = _ids.AsSpan(r * sequence, sequence);
            if (sequence != MaxLength)
            {
                _ids.AsSpan(r * MaxLength, length).CopyTo(row);
            }

            row[length..].Fill(_padId);
            var mask = _mask.AsSpan(r * sequence, sequence);
            mask[..length].Fill(1);
            mask[length..].Clear();
        }

        EnsureValues(count, sequence);
        Session.Run(_runOptions, InputNames, _inputValues, OutputNames, _outputValues);

        // Mean over the real tokens, then L2 normalisation: sentence-transformers' Pooling + Normalize modules.
        var rowWidth = sequence * Dimensions;
        for (var r = 0; r < count; r++)
        {
            var hidden = _hidden.AsSpan(r * rowWidth, rowWidth);
            var vector = new float[Dimensions];
            for (var t = 0; t < _lengths[r]; t++)
            {
                TensorPrimitives.Add(vector, hidden.Slice(t * Dimensions, Dimensions), vector);
            }

            TensorPrimitives.Divide(vector, _lengths[r], vector);
            TensorPrimitives.Divide(vector, MathF.Max(TensorPrimitives.Norm(vector), 1e-12f), vector);
            results[r] = vector;
        }
    }

    private void EnsureValues(int batch, int sequence)
    {
        if (_valueShape == (batch, sequence))
        {
            return;
        }

        DisposeValues();
        var cells = batch * sequence;
        long[] shape = [batch, sequence];
        _inputValues =
        [
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _ids.AsMemory(0, cells), shape),
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _mask.AsMemory(0, cells), shape),
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _tokenTypes.AsMemory(0, cells), shape),
        ];
        _outputValues =
        [
            OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _hidden.AsMemory(0, cells * Dimensions), [batch, sequence, Dimensions]),
        ];
        _valueShape = (batch, sequence);
    }

    private void DisposeValues()
    {
        foreach (var value in _inputValues.Concat(_outputValues))
        {
            value.Dispose();
        }

        _inputValues = [];
        _outputValues = [];
        _valueShape = default;
    }
}
