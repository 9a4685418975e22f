namespace Accelerate.Runtime.Tests.Embeddings;

/// <summary>Truncation as sentence-transformers does it: the first 254 word pieces, then [SEP].</summary>
public sealed class TruncationTests(MiniLm miniLm)
{
    // Every word here is one word piece, so word count = piece count.
    private static readonly string[] Words = "the cat sat on a mat and looked at birds in the old tree by our house".Split(' ');

    private static string WordsText(int count) => string.Join(' ', Enumerable.Range(0, count).Select(i => Words[i % Words.Length]));

    [Fact]
    public void LongTextKeepsClsAndSepAndCutsBetweenWordPieces()
    {
        // "unbelievably" is five word pieces (un ##bel ##ie ##va ##bly); 254 = 50 × 5 + 4 cuts inside a word.
        var text = string.Join(' ', Enumerable.Repeat("unbelievably", 100));
        var full = miniLm.Tokenizer.Encode(text, 1024);
        var truncated = miniLm.Tokenizer.Encode(text, 256);

        Assert.Equal(502, full.Length);
        Assert.Equal(256, truncated.Length);
        Assert.Equal(101, truncated[0]);
        Assert.Equal(102, truncated[^1]);
        Assert.Equal(full[..255], truncated[..255]);
        Assert.Equal(Vocabulary.Id("##va"), truncated[^2]);
    }

    [Fact]
    public void ThreeHundredWordsEmbedAsTheirFirst254WordPieces()
    {
        var longText = WordsText(300);
        var prefix = WordsText(254);
        Assert.Equal(302, miniLm.Tokenizer.Encode(longText, 1024).Length);
        Assert.Equal(miniLm.Tokenizer.Encode(prefix, 1024), miniLm.Tokenizer.Encode(longText, 256));

        Vectors.AssertClose(miniLm.Pipeline.Embed(prefix), miniLm.Pipeline.Embed(longText), 1e-6);
        Assert.True(Vectors.MaxAbsDifference(miniLm.Pipeline.Embed(WordsText(200)), miniLm.Pipeline.Embed(longText)) > 1e-4);
    }

    [Fact]
    public void TruncatedTextsBatchLikeSingles()
    {
        string[] texts = [WordsText(300), "short", WordsText(400), WordsText(100)];

        var batch = miniLm.Pipeline.Embed(texts);

        for (var i = 0; i < texts.Length; i++)
        {
            Vectors.AssertClose(miniLm.Pipeline.Embed(texts[i]), batch[i], 1e-5, $"text {i}");
        }
    }
}
