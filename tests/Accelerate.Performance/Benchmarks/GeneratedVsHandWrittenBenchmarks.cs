using Accelerate.Performance.HandWritten;
using Accelerate.Performance.Texts;
using Accelerate.Runtime;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Performance.Benchmarks;

/// <summary>
/// Target: the generated class costs at most 1.02× the latency of hand-written optimal ONNX Runtime code, and
/// allocates no more. Two comparisons per shape and thread count, each with the hand-written side as baseline:
/// <list type="bullet">
/// <item><c>Embed</c>: text in, normalised embedding out (tokenise, run, pool, normalise).</item>
/// <item><c>Run</c>: token ids in, model outputs out, nothing else. Like for like: the generated
/// <c>Run(MiniLmInputs, MiniLmOutputs)</c> writes into caller-owned outputs, as the hand-written side's pre-bound
/// <c>OrtValue</c>s do. <c>RunNewOutputs_Generated</c> is the allocate-and-return <c>Run(MiniLmInputs)</c>, kept for
/// reference: it allocates every output anew per call, which hand-written code with pre-allocated outputs never does.</item>
/// </list>
/// Both sides open the same model file with the same ONNX Runtime settings (see <see cref="HandWrittenEmbedder.CreateSessionOptions"/>).
/// </summary>
[Config(typeof(LatencyConfig))]
public class GeneratedVsHandWrittenBenchmarks
{
    private MiniLm _generated = null!;
    private HandWrittenEmbedder _handWritten = null!;
    private string[] _texts = null!;
    private MiniLmInputs _generatedInputs = null!;
    private MiniLmOutputs _generatedOutputs = null!;
    private OrtValue[] _rawInputs = [];
    private OrtValue[] _rawOutputs = [];

    /// <summary>A batch shape: every text tokenises to exactly <see cref="Sequence"/> tokens, [CLS] and [SEP] included.</summary>
    public sealed record Shape(int Sequence, int Batch)
    {
        // Shown in the summary table and used in exported file names: keep it short and free of commas.
        public override string ToString() => $"seq{Sequence}-batch{Batch}";
    }

    public static IEnumerable<Shape> Shapes => [new(128, 1), new(16, 8)];

    [ParamsSource(nameof(Shapes))]
    public Shape Case { get; set; } = null!;

    /// <summary>ONNX Runtime intra-op threads, on both sides.</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>
    /// Whether the hand-written side runs on the generated class's own ONNX Runtime session instead of opening its
    /// own with the same options. Off for the suite (two independent programs, as the target is phrased); on for the
    /// interleaved checks, where two sessions of one model can differ by up to about 2% on their own (their A/A row).
    /// </summary>
    internal bool ShareSession { get; init; }

    /// <summary>The model file both sides open: the one the build copied beside the app for the generated class.</summary>
    internal string ModelPath => Path.Combine(AppContext.BaseDirectory, MiniLm.ModelFile);

    internal string VocabPath => Path.Combine(AppContext.BaseDirectory, MiniLm.VocabFile);

    /// <summary>The texts of the case (valid after <see cref="Setup"/>).</summary>
    internal string[] Texts => _texts;

    // The graph's names for the raw run. The generated Run computes every output its Outputs object holds (both graph
    // outputs), so the hand-written side asks for both as well, to do the same work.
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state", "924"];

    [GlobalSetup]
    public void Setup()
    {
        _generated = new MiniLm(new AccelerateSessionOptions
        {
            Backends = ["cpu"],
            IntraOpThreads = Threads,
            AllowSpinning = false,
            GraphOptimization = GraphOptimization.All,
        });
        _handWritten = ShareSession
            ? new HandWrittenEmbedder(_generated.Session.Session, VocabPath, maxBatch: Case.Batch)
            : new HandWrittenEmbedder(ModelPath, VocabPath, Threads, maxBatch: Case.Batch);

        // The texts must cost what the case says: check the length with both tokenizers, the product's and FastBertTokenizer's.
        var tokenizer = WordPieceTokenizer.Load(VocabPath, lowercase: true);
        _texts = SyntheticText.ExactLength(Case.Batch, Case.Sequence, _handWritten.CountTokens);
        var ids = _texts.Select(t => tokenizer.Encode(t, HandWrittenEmbedder.MaxLength)).ToArray();
        if (ids.Any(i => i.Length != Case.Sequence) || _texts.Any(t => _handWritten.CountTokens(t) != Case.Sequence))
        {
            throw new InvalidOperationException($"The texts of {Case} do not all tokenise to {Case.Sequence} tokens.");
        }

        // Both sides must compute the same thing, or the comparison means nothing.
        Agreement.Check(_generated.Embed(_texts), _handWritten.Embed(_texts, Case.Batch), $"{Case}, {Threads} thread(s)");

        _generatedInputs = MiniLmInputs.Create(Case.Batch, Case.Sequence);
        var flatIds = ids.SelectMany(i => i).ToArray();
        flatIds.CopyTo(_generatedInputs.InputIds.Data);
        Array.Fill(_generatedInputs.AttentionMask.Data, 1L);
        // Equivalent to MiniLmOutputs.Create(batch, sequence, 384, batch): the width and the pooler's batch are dimensions
        // only the outputs have (the signature names them 'Addlast_hidden_state_dim_2' and 'Tanh924_dim_0').
        _generatedOutputs = new MiniLmOutputs
        {
            LastHiddenState = TensorBuffer<float>.Zeros([Case.Batch, Case.Sequence, HandWrittenEmbedder.Dimensions]),
            Output924 = TensorBuffer<float>.Zeros([Case.Batch, HandWrittenEmbedder.Dimensions]),
        };

        // The hand-written raw run: its own copies of the same inputs, and outputs, all bound to OrtValues once.
        long[] shape = [Case.Batch, Case.Sequence];
        _rawInputs =
        [
            OrtValue.CreateTensorValueFromMemory(flatIds, shape),
            OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(1L, flatIds.Length).ToArray(), shape),
            OrtValue.CreateTensorValueFromMemory(new long[flatIds.Length], shape),
        ];
        _rawOutputs =
        [
            OrtValue.CreateTensorValueFromMemory(new float[flatIds.Length * HandWrittenEmbedder.Dimensions], [Case.Batch, Case.Sequence, HandWrittenEmbedder.Dimensions]),
            OrtValue.CreateTensorValueFromMemory(new float[Case.Batch * HandWrittenEmbedder.Dimensions], [Case.Batch, HandWrittenEmbedder.Dimensions]),
        ];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (var value in _rawInputs.Concat(_rawOutputs))
        {
            value.Dispose();
        }

        _handWritten.Dispose();
        _generated.Dispose();
    }

    [Benchmark(Baseline = true), BenchmarkCategory("Embed")]
    public object Embed_HandWritten() =>
        Case.Batch == 1 ? _handWritten.Embed(_texts[0]) : _handWritten.Embed(_texts, Case.Batch);

    [Benchmark, BenchmarkCategory("Embed")]
    public object Embed_Generated() =>
        Case.Batch == 1 ? _generated.Embed(_texts[0]) : _generated.Embed(_texts);

    [Benchmark(Baseline = true), BenchmarkCategory("Run")]
    public void Run_HandWritten() =>
        _handWritten.Session.Run(_handWritten.RunOptions, InputNames, _rawInputs, OutputNames, _rawOutputs);

    /// <summary>Caller-owned outputs: <c>Run(MiniLmInputs, MiniLmOutputs)</c>, the like-for-like comparison.</summary>
    [Benchmark, BenchmarkCategory("Run")]
    public MiniLmOutputs Run_Generated()
    {
        _generated.Run(_generatedInputs, _generatedOutputs);
        return _generatedOutputs;
    }

    /// <summary>Allocate-and-return: <c>Run(MiniLmInputs)</c>, new output buffers on every call.</summary>
    [Benchmark, BenchmarkCategory("Run")]
    public MiniLmOutputs RunNewOutputs_Generated() => _generated.Run(_generatedInputs);
}
