namespace Accelerate.Runtime.Tests.Embeddings;

public sealed class BatchingTests(MiniLm miniLm)
{
    // Lengths from 2 to ~120 tokens, deliberately unsorted so that sorting and restoring the order matter.
    private static readonly string[] Texts =
    [
        "A short one.",
        string.Join(' ', Enumerable.Repeat("A much longer text that repeats itself to fill many tokens,", 8)),
        "",
        "Medium length text about the weather and the sea.",
        "Bonjour à tous, ça va très bien, merci!",
        "東京は日本の首都です",
        string.Join(' ', Enumerable.Repeat("Another fairly long passage of text;", 5)),
        "x",
        "I love 🍕 and 🎉!",
        "see https://example.com/a?b=c#d for details",
        "The weather is lovely today.",
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(32)]
    public void BatchEqualsSingles(int batchSize)
    {
        var pipeline = miniLm.CreatePipeline(new TextEmbeddingOptions { MaxLength = 256, Normalize = true, BatchSize = batchSize });

        var batch = pipeline.Embed(Texts);

        Assert.Equal(Texts.Length, batch.Length);
        for (var i = 0; i < Texts.Length; i++)
        {
            Vectors.AssertClose(miniLm.Pipeline.Embed(Texts[i]), batch[i], 1e-5, $"text {i}");
        }
    }

    [Fact]
    public void AnyListTypeIsAccepted()
    {
        var fromArray = miniLm.Pipeline.Embed(Texts);
        var fromList = miniLm.Pipeline.Embed(Texts.ToList());
        var fromReadOnly = miniLm.Pipeline.Embed(Array.AsReadOnly(Texts));

        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(fromArray[i], fromList[i]);
            Assert.Equal(fromArray[i], fromReadOnly[i]);
        }
    }

    [Fact]
    public void DuplicatesGetEqualButSeparateVectors()
    {
        var results = miniLm.Pipeline.Embed(["same", "other", "same"]);

        Assert.Equal(results[0], results[2]);
        Assert.NotSame(results[0], results[2]);
    }

    [Fact]
    public async Task ConcurrentCallsMatchSequentialOnes()
    {
        var sequential = Texts.Select(miniLm.Pipeline.Embed).ToArray();
        var sequentialBatch = miniLm.Pipeline.Embed(Texts);

        var workers = Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            var singles = new float[Texts.Length][];
            for (var round = 0; round < 3; round++)
            {
                for (var i = 0; i < Texts.Length; i++)
                {
                    var index = (i + worker) % Texts.Length; // threads interleave different texts
                    singles[index] = miniLm.Pipeline.Embed(Texts[index]);
                }
            }

            return (Singles: singles, Batch: miniLm.Pipeline.Embed(Texts));
        }, TestContext.Current.CancellationToken)).ToArray();
        var results = await Task.WhenAll(workers);

        foreach (var (singles, batch) in results)
        {
            for (var i = 0; i < Texts.Length; i++)
            {
                Vectors.AssertClose(sequential[i], singles[i], 1e-6, $"text {i}");
                Vectors.AssertClose(sequentialBatch[i], batch[i], 1e-6, $"text {i} in a batch");
            }
        }
    }
}
