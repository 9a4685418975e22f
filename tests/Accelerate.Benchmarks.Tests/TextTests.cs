using Accelerate.Runtime;

namespace Accelerate.Benchmarks.Tests;

public sealed class TextTests
{
    private static readonly Lazy<WordPieceTokenizer> Tokenizer = new(() => WordPieceTokenizer.Load(TestModels.TestModels.MiniLmVocabPath, lowercase: true));

    [Theory]
    [InlineData(2, 3)]
    [InlineData(3, 5)]
    [InlineData(16, 8)]
    [InlineData(128, 8)]
    [InlineData(256, 4)]
    [InlineData(512, 2)]
    public void TextsTokeniseToExactlyTheLengthWithTheMiniLmVocabulary(int tokens, int count)
    {
        var texts = ModelBenchmark.SyntheticTexts(tokens, count);

        Assert.Equal(count, texts.Length);
        foreach (var text in texts)
        {
            var ids = Tokenizer.Value.Encode(text, 1024);
            Assert.Equal(tokens, ids.Length);
            Assert.Equal(Tokenizer.Value.ClsId, ids[0]);
            Assert.Equal(Tokenizer.Value.SepId, ids[^1]);
            Assert.DoesNotContain(Tokenizer.Value.UnknownId, ids);
        }

        if (tokens >= 4)
        {
            Assert.Equal(count, texts.Distinct().Count());
        }
    }

    [Fact]
    public void TextsAreDeterministic() =>
        Assert.Equal(ModelBenchmark.SyntheticTexts(16, 8), ModelBenchmark.SyntheticTexts(16, 8));

    [Fact]
    public void FewerThanTwoTokensIsRejected() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ModelBenchmark.SyntheticTexts(1, 1));
}
