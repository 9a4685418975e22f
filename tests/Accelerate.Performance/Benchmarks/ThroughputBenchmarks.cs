using System.Globalization;
using Accelerate.Performance.HandWritten;
using Accelerate.Performance.Texts;
using Accelerate.Runtime;
using BenchmarkDotNet.Attributes;

namespace Accelerate.Performance.Benchmarks;

/// <summary>
/// End-to-end embeddings per second over a corpus shaped like the one behind the design's figures: 512 English
/// sentences of 11–55 tokens. One operation is one text, so BenchmarkDotNet's Op/s column is embeddings per second.
/// </summary>
/// <remarks>
/// The generated class sorts texts by length before batching; the hand-written baseline batches in input order, as
/// code written by hand usually does. <see cref="Batch32_LengthSorted_HandWritten"/> separates the two effects:
/// generated vs sorted hand-written is the wrapper's cost, sorted vs input-order hand-written is what sorting buys.
/// </remarks>
[Config(typeof(ThroughputConfig))]
public class ThroughputBenchmarks
{
    internal const int CorpusSize = 512;
    private const int BatchSize = 32; // TextEmbeddingOptions.BatchSize's default, which the generated class keeps

    private MiniLm _generated = null!;
    private HandWrittenEmbedder _handWritten = null!;
    private string[] _corpus = null!;
    private int[] _lengthOrder = null!;

    /// <summary>ONNX Runtime intra-op threads, on both sides (2: the setting of the design's reference figures).</summary>
    [Params(2)]
    public int Threads { get; set; }

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
        var vocabPath = Path.Combine(AppContext.BaseDirectory, MiniLm.VocabFile);
        _handWritten = new HandWrittenEmbedder(Path.Combine(AppContext.BaseDirectory, MiniLm.ModelFile), vocabPath, Threads, BatchSize);
        _corpus = SyntheticText.Corpus(CorpusSize, minTokens: 11, maxTokens: 55, _handWritten.CountTokens);

        var tokenizer = WordPieceTokenizer.Load(vocabPath, lowercase: true);
        var lengths = _corpus.Select(t => tokenizer.Encode(t, HandWrittenEmbedder.MaxLength).Length).ToArray();
        if (lengths.Min() < 11 || lengths.Max() > 55)
        {
            throw new InvalidOperationException($"The corpus spans {lengths.Min()}–{lengths.Max()} tokens, not 11–55.");
        }

        _lengthOrder = _handWritten.LengthOrder(_corpus);
        Describe(lengths);

        var sample = _corpus[..(2 * BatchSize)];
        var expected = _handWritten.Embed(sample, BatchSize);
        Agreement.Check(_generated.Embed(sample), expected, "corpus sample, generated");
        Agreement.Check(_handWritten.EmbedSorted(sample, _handWritten.LengthOrder(sample), BatchSize), expected, "corpus sample, length-sorted");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _handWritten.Dispose();
        _generated.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = CorpusSize)]
    public float[][] Batch32_InputOrder_HandWritten() => _handWritten.Embed(_corpus, BatchSize);

    [Benchmark(OperationsPerInvoke = CorpusSize)]
    public float[][] Batch32_Generated() => _generated.Embed(_corpus);

    [Benchmark(OperationsPerInvoke = CorpusSize)]
    public float[][] Batch32_LengthSorted_HandWritten() => _handWritten.EmbedSorted(_corpus, _lengthOrder, BatchSize);

    [Benchmark(OperationsPerInvoke = CorpusSize)]
    public float[][] Batch1_HandWritten()
    {
        var results = new float[_corpus.Length][];
        for (var i = 0; i < _corpus.Length; i++)
        {
            results[i] = _handWritten.Embed(_corpus[i]);
        }

        return results;
    }

    [Benchmark(OperationsPerInvoke = CorpusSize)]
    public float[][] Batch1_Generated()
    {
        var results = new float[_corpus.Length][];
        for (var i = 0; i < _corpus.Length; i++)
        {
            results[i] = _generated.Embed(_corpus[i]);
        }

        return results;
    }

    // Printed into the benchmark log: how much of each batching strategy's work is padding.
    private void Describe(int[] lengths)
    {
        static long Cells(IEnumerable<int> batchLengths) =>
            batchLengths.Chunk(BatchSize).Sum(batch => (long)batch.Length * batch.Max());

        var tokens = lengths.Sum();
        var inputOrder = Cells(lengths);
        var sorted = Cells(_lengthOrder.Select(i => lengths[i]));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"// Corpus: {lengths.Length} texts, {tokens} tokens (mean {lengths.Average():F1}, min {lengths.Min()}, max {lengths.Max()}); "
            + $"batch {BatchSize} cells: input order {inputOrder} ({(double)tokens / inputOrder:P0} real), length-sorted {sorted} ({(double)tokens / sorted:P0} real)"));
    }
}
