using System.Security.Cryptography;
using System.Text.Json;

namespace Accelerate.Runtime.Tests.Embeddings;

/// <summary>
/// Compares with embeddings and token ids recorded by transformers.js, an independent implementation (see
/// Fixtures/reference/reference.mjs), for texts with accents, CJK, emoji, URLs, punctuation, tabs and ~200 tokens.
/// </summary>
public sealed class TransformersJsReferenceTests(MiniLm miniLm)
{
    private static readonly Lazy<Fixture> Reference = new(() =>
        JsonSerializer.Deserialize<Fixture>(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "minilm-transformersjs.json")), new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!);

    public static TheoryData<int> Cases => new(Enumerable.Range(0, Reference.Value.Cases.Length));

    [Fact]
    public void FixtureWasRecordedWithThisModel()
    {
        using var stream = File.OpenRead(Models.MiniLmModelPath);
        Assert.Equal(Reference.Value.Provenance.ModelSha256, Convert.ToHexStringLower(SHA256.HashData(stream)));
        Assert.Equal(256, Reference.Value.Provenance.Settings.MaxLength);
        Assert.True(Reference.Value.Cases.Length >= 20);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TokenIdsMatch(int index)
    {
        var reference = Reference.Value.Cases[index];
        Assert.Equal(reference.Ids, miniLm.Tokenizer.Encode(reference.Text, 256));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EmbeddingsMatchWithin1e4(int index)
    {
        var reference = Reference.Value.Cases[index];
        Vectors.AssertClose(reference.Embedding, miniLm.Pipeline.Embed(reference.Text), 1e-4, $"for '{reference.Text}'");
    }

    [Fact]
    public void BatchedEmbeddingsMatchWithin1e4()
    {
        var cases = Reference.Value.Cases;
        var embeddings = miniLm.Pipeline.Embed(cases.Select(c => c.Text).ToArray());

        for (var i = 0; i < cases.Length; i++)
        {
            Vectors.AssertClose(cases[i].Embedding, embeddings[i], 1e-4, $"for '{cases[i].Text}'");
        }
    }

    private sealed record Fixture(Provenance Provenance, Case[] Cases);

    private sealed record Provenance(string Tool, string ModelSha256, Settings Settings);

    private sealed record Settings(int MaxLength);

    private sealed record Case(string Text, long[] Ids, float[] Embedding);
}
