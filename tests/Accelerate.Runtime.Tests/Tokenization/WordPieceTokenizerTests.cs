namespace Accelerate.Runtime.Tests.Tokenization;

/// <summary>
/// Expected tokens are those of Hugging Face's BertTokenizerFast for this vocabulary (lowercase, accents stripped,
/// CJK ideographs and punctuation split, greedy longest-match pieces); ids are looked up in vocab.txt independently.
/// </summary>
public sealed class WordPieceTokenizerTests(MiniLm miniLm)
{
    public static TheoryData<string, string[]> ReferenceTokens => new()
    {
        { "This is an example sentence", ["this", "is", "an", "example", "sentence"] },
        { "café Crème brûlée", ["cafe", "cr", "##eme", "br", "##ule", "##e"] },
        { "naïve résumé Ångström", ["naive", "resume", "ang", "##strom"] },
        // Ideographs are split one by one; kana are not, and lose their voicing marks with the accents (で → て).
        { "東京は日本の首都です", ["東", "京", "は", "日", "本", "の", "[UNK]", "都", "て", "##す"] },
        { "I love 🍕 and 🎉!", ["i", "love", "[UNK]", "and", "[UNK]", "!"] },
        { "see https://example.com/a?b=c#d", ["see", "https", ":", "/", "/", "example", ".", "com", "/", "a", "?", "b", "=", "c", "#", "d"] },
        { "tab\there\r\nnew", ["tab", "here", "new"] },
        { "Привет, мир!", ["п", "##р", "##и", "##в", "##е", "##т", ",", "м", "##и", "##р", "!"] },
        { "don't stop-believing...", ["don", "'", "t", "stop", "-", "believing", ".", ".", "."] },
        // Zero-width space (Cf) and soft hyphen (Cf) are removed, joining the word.
        { "a\u200Bb\u00ADc", ["abc"] },
    };

    [Theory]
    [MemberData(nameof(ReferenceTokens))]
    public void IdsMatchTheBertReference(string text, string[] tokens) =>
        Assert.Equal(Vocabulary.Encoding(tokens), miniLm.Tokenizer.Encode(text, 256));

    [Fact]
    public void CrlfVocabularyYieldsCleanTokens()
    {
        Assert.Contains("\r\n", File.ReadAllText(Models.MiniLmVocabPath)[..100]);
        Assert.Equal(Vocabulary.Encoding("hello", "world"), miniLm.Tokenizer.Encode("hello world", 16));
        Assert.Equal(30522, miniLm.Tokenizer.VocabularySize);
        Assert.Equal((101L, 102L, 0L, 100L), (miniLm.Tokenizer.ClsId, miniLm.Tokenizer.SepId, miniLm.Tokenizer.PadId, miniLm.Tokenizer.UnknownId));
    }

    [Fact]
    public void WordsOverOneHundredCharactersBecomeUnknown()
    {
        // Hugging Face's WordPiece has max_input_chars_per_word = 100, counted after accent stripping.
        var hundred = new string('a', 100);
        Assert.True(miniLm.Tokenizer.Encode(hundred, 256).Length > 3);
        Assert.Equal(Vocabulary.Encoding("x", "[UNK]", "y"), miniLm.Tokenizer.Encode($"x {new string('a', 101)} y", 256));
        Assert.Equal(Vocabulary.Encoding("x", "[UNK]", "!", "[UNK]"), miniLm.Tokenizer.Encode($"x {new string('é', 101)}!{new string('b', 150)}", 256));
        // 101 chars with a combining accent on each of 50 is still 101 letters once the accents are gone.
        var accented = string.Concat(Enumerable.Repeat("e\u0301", 50)) + new string('e', 51);
        Assert.Equal(Vocabulary.Encoding("[UNK]"), miniLm.Tokenizer.Encode(accented, 256));
    }

    [Fact]
    public void TruncationAroundAnOverlongWordStillEndsWithSep()
    {
        var text = "one two " + new string('z', 120) + " three four";

        Assert.Equal(Vocabulary.Encoding("one", "two", "[UNK]"), miniLm.Tokenizer.Encode(text, 5));
        Assert.Equal(Vocabulary.Encoding("one"), miniLm.Tokenizer.Encode(text, 3));
    }

    [Fact]
    public void SpanOverloadWritesIntoTheCallersBuffer()
    {
        Span<long> ids = stackalloc long[8];
        ids.Fill(-1);

        var count = miniLm.Tokenizer.Encode("hello", ids);

        Assert.Equal(3, count);
        Assert.Equal(Vocabulary.Encoding("hello"), ids[..count].ToArray());
        Assert.Equal(-1, ids[count]);
        Assert.Throws<ArgumentException>(() => miniLm.Tokenizer.Encode("x", new long[1].AsSpan()));
    }

    [Fact]
    public void ConcurrentEncodingIsConsistent()
    {
        var texts = ReferenceTokens.Select(row => row.Data.Item1).ToArray();
        var expected = texts.Select(t => miniLm.Tokenizer.Encode(t, 64)).ToArray();

        Parallel.For(0, 400, i =>
        {
            var index = i % texts.Length;
            Assert.Equal(expected[index], miniLm.Tokenizer.Encode(texts[index], 64));
        });
    }

    [Theory]
    [InlineData("café Crème brûlée")]
    [InlineData("東京は日本の首都です")]
    [InlineData("안녕하세요 세계")]
    [InlineData("I love 🍕 and 🎉! 👨‍👩‍👧 🇫🇷")]
    [InlineData("see https://example.com/a?b=c#d&x=%20y")]
    [InlineData("\t\n  \u00A0")]
    [InlineData("مرحبا بالعالم")]
    public void UnusualTextsEmbedToFiniteUnitVectors(string text)
    {
        var embedding = miniLm.Pipeline.Embed(text);

        Assert.All(embedding, v => Assert.True(float.IsFinite(v)));
        Assert.Equal(1.0, Vectors.Norm(embedding), 5);
    }

    [Fact]
    public void MissingVocabularyIsReported()
    {
        var error = Assert.Throws<FileNotFoundException>(() => WordPieceTokenizer.Load("no-such-vocab.txt", true));
        Assert.Contains("no-such-vocab.txt", error.Message);
    }

    [Fact]
    public void VocabularyWithoutSpecialTokensIsRejected()
    {
        var path = Path.Combine(Path.GetTempPath(), $"vocab-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "[PAD]\nhello\nworld\n");
        try
        {
            var error = Assert.Throws<InvalidDataException>(() => WordPieceTokenizer.Load(path, true));
            Assert.Contains("[CLS]", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
