using Accelerate.EndToEnd.Tests.Infrastructure;

namespace Accelerate.EndToEnd.Tests.Sample;

/// <summary>The SentenceEmbeddings sample as built by this repository (its only model code is a manifest).</summary>
public sealed class SentenceEmbeddingsSampleTests
{
    private static readonly string Output = Dotnet.Metadata("SampleOutput");

    private static ProcessResult RunSample(string input, string arguments = "") =>
        Dotnet.Run(Output, $"SentenceEmbeddings.dll {arguments}".Trim(), input, timeoutSeconds: 120);

    [Fact]
    public void Json_MatchesSentenceTransformersReferenceValues()
    {
        var result = RunSample(Embeddings.ReferenceInput, "--json");

        Assert.True(result.ExitCode == 0, result.All);
        Embeddings.AssertReferenceValues(Embeddings.Parse(result.StandardOutput));
    }

    [Fact]
    public void Json_KeepsInputOrder_WhenTextsHaveVeryDifferentLengths()
    {
        string[] texts =
        [
            "Café crème brûlée à Paris",
            string.Join(" ", Enumerable.Repeat("A long sentence that needs many word pieces to encode.", 40)),
            "東京の天気は晴れです 🌞",
            "See https://example.com/a?b=c#d for details",
        ];

        var batched = Embeddings.Parse(RunSample(string.Join("\n", texts) + "\n", "--json").StandardOutput);

        Assert.Equal(texts.Length, batched.Length);
        for (var i = 0; i < texts.Length; i++)
        {
            var single = Embeddings.Parse(RunSample(texts[i] + "\n", "--json").StandardOutput).Single();
            for (var k = 0; k < single.Length; k++)
            {
                Assert.Equal(single[k], batched[i][k], 4);
            }
        }
    }

    [Fact]
    public void WithoutFlags_PrintsPairwiseCosineTable()
    {
        var result = RunSample(Embeddings.ReferenceInput);

        Assert.True(result.ExitCode == 0, result.All);
        Assert.Contains("4 text(s), 384 dimensions, backend cpu", result.StandardOutput);
        Assert.Contains("[0] The weather is lovely today.", result.StandardOutput);
        var row0 = result.StandardOutput.Split('\n').Single(l => l.TrimStart().StartsWith("[0] ", StringComparison.Ordinal) && l.Contains("1.0000"));
        Assert.Contains("0.6660", row0);
        Assert.Contains("0.1046", row0);
    }

    [Fact]
    public void UnknownArgument_ExitsWithUsage()
    {
        var result = RunSample("x\n", "--yaml");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("Usage: SentenceEmbeddings [--json]", result.StandardError);
    }

    [Fact]
    public void ModelAndVocabularyAreCopiedBesideTheApp()
    {
        Assert.True(new FileInfo(Path.Combine(Output, "models", "MiniLm", "model.onnx")).Length > 90_000_000);
        var vocab = File.ReadAllLines(Path.Combine(Output, "models", "MiniLm", "vocab.txt"));
        Assert.Equal(30522, vocab.Length);
        Assert.Equal("[CLS]", vocab[101].TrimEnd('\r'));
    }
}
