namespace Accelerate.Runtime.Tests.Embeddings;

/// <summary>Values sentence-transformers produces for all-MiniLM-L6-v2 (model card and its documentation).</summary>
public sealed class MiniLmReferenceTests(MiniLm miniLm)
{
    [Fact]
    public void DimensionsComeFromTheOutputMetadata() => Assert.Equal(384, miniLm.Pipeline.Dimensions);

    [Fact]
    public void SimilaritiesMatchSentenceTransformers()
    {
        var weather = miniLm.Pipeline.Embed("The weather is lovely today.");
        var sunny = miniLm.Pipeline.Embed("It's so sunny outside!");
        var stadium = miniLm.Pipeline.Embed("He drove to the stadium.");

        Assert.Equal(0.6660, Vectors.Dot(weather, sunny), 4);
        Assert.Equal(0.1046, Vectors.Dot(weather, stadium), 4);
    }

    [Fact]
    public void FirstValuesMatchSentenceTransformers()
    {
        var embedding = miniLm.Pipeline.Embed("This is an example sentence");

        double[] expected = [0.0677, 0.0635, 0.0487, 0.0793, 0.0374];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], embedding[i], 4);
        }
    }

    [Theory]
    [InlineData("This is an example sentence")]
    [InlineData("")]
    [InlineData("A much longer sentence, with punctuation; numbers like 3.14159 and 42; and several clauses that go on for a while.")]
    public void NormalizedEmbeddingsHaveUnitLength(string text) =>
        Assert.Equal(1.0, Vectors.Norm(miniLm.Pipeline.Embed(text)), 5);

    [Fact]
    public void WithoutNormalizationTheMeanIsReturnedAsIs()
    {
        var raw = miniLm.CreatePipeline(new TextEmbeddingOptions { MaxLength = 256 }).Embed("This is an example sentence");
        var normalized = miniLm.Pipeline.Embed("This is an example sentence");

        var norm = Vectors.Norm(raw);
        Assert.True(Math.Abs(norm - 1) > 0.1, $"norm {norm}");
        Vectors.AssertClose(normalized, raw.Select(v => (float)(v / norm)).ToArray(), 1e-6);
    }

    [Fact]
    public void EmptyTextEmbedsClsAndSep()
    {
        var embedding = miniLm.Pipeline.Embed("");

        Assert.Equal(384, embedding.Length);
        Assert.All(embedding, v => Assert.True(float.IsFinite(v)));
        Assert.Equal([101L, 102L], miniLm.Tokenizer.Encode("", 256));
    }

    [Fact]
    public void NullTextIsRejected()
    {
        Assert.Throws<ArgumentNullException>(() => miniLm.Pipeline.Embed((string)null!));
        Assert.Throws<ArgumentNullException>(() => miniLm.Pipeline.Embed(["a", null!]));
        Assert.Throws<ArgumentNullException>(() => miniLm.Pipeline.Embed((IReadOnlyList<string>)null!));
    }

    [Fact]
    public void EmptyListGivesEmptyResult() => Assert.Empty(miniLm.Pipeline.Embed(Array.Empty<string>()));

    [Fact]
    public void ClsAndMaxPoolingDifferFromMeanAndStayFinite()
    {
        const string text = "Pooling modes should give different vectors.";
        var mean = miniLm.Pipeline.Embed(text);
        var cls = miniLm.CreatePipeline(new TextEmbeddingOptions { MaxLength = 256, Pooling = Pooling.Cls, Normalize = true }).Embed(text);
        var max = miniLm.CreatePipeline(new TextEmbeddingOptions { MaxLength = 256, Pooling = Pooling.Max }).Embed(text);
        var meanRaw = miniLm.CreatePipeline(new TextEmbeddingOptions { MaxLength = 256 }).Embed(text);

        Assert.True(Vectors.MaxAbsDifference(mean, cls) > 1e-3);
        Assert.All(cls.Concat(max), v => Assert.True(float.IsFinite(v)));
        // The maximum over tokens bounds their mean from above in every dimension.
        Assert.All(Enumerable.Range(0, max.Length), i => Assert.True(max[i] >= meanRaw[i] - 1e-6f));
    }

    [Fact]
    public void PoolingNoneRejectsAPerTokenOutput()
    {
        var error = Assert.Throws<ArgumentException>(() => miniLm.CreatePipeline(new TextEmbeddingOptions { Pooling = Pooling.None }));
        Assert.Contains("last_hidden_state", error.Message);
    }

    [Fact]
    public void PoolingNoneReturnsAnAlreadyPooledOutputAsIs()
    {
        // Output "924" is BERT's pooler output: tanh(W · h[CLS]), [batch, 384].
        var pooler = miniLm.CreatePipeline(new TextEmbeddingOptions { Pooling = Pooling.None, OutputName = "924" });
        var single = pooler.Embed("pooled output");
        var batch = pooler.Embed(["something longer than the other text", "pooled output"]);

        Assert.Equal(384, pooler.Dimensions);
        Assert.All(single, v => Assert.InRange(v, -1f, 1f));
        Vectors.AssertClose(single, batch[1], 1e-5);
    }

    [Fact]
    public void UnknownInputOrOutputNamesAreExplained()
    {
        var input = Assert.Throws<ArgumentException>(() => miniLm.CreatePipeline(new TextEmbeddingOptions { InputIdsName = "ids" }));
        Assert.Contains("input_ids", input.Message);
        var output = Assert.Throws<ArgumentException>(() => miniLm.CreatePipeline(new TextEmbeddingOptions { OutputName = "embeddings" }));
        Assert.Contains("last_hidden_state", output.Message);
        var unfed = Assert.Throws<ArgumentException>(() => miniLm.CreatePipeline(new TextEmbeddingOptions { AttentionMaskName = null }));
        Assert.Contains("'attention_mask'", unfed.Message);
    }
}
