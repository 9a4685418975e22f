namespace Accelerate.Runtime.Tests;

/// <summary>The MiniLM vocabulary read independently of the tokenizer: id = 0-based line number.</summary>
internal static class Vocabulary
{
    private static readonly Lazy<string[]> Lines = new(() =>
        File.ReadAllText(Models.MiniLmVocabPath).Split("\r\n"));

    public static long Id(string token)
    {
        var index = Array.IndexOf(Lines.Value, token);
        Assert.True(index >= 0, $"'{token}' is not in the vocabulary");
        return index;
    }

    /// <summary>[CLS] + the tokens' ids + [SEP].</summary>
    public static long[] Encoding(params string[] tokens) =>
        [Id("[CLS]"), .. tokens.Select(Id), Id("[SEP]")];
}
