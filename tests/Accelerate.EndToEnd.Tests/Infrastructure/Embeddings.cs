using System.Text.Json;

namespace Accelerate.EndToEnd.Tests.Infrastructure;

/// <summary>Reads the sample's --json output and compares vectors.</summary>
public static class Embeddings
{
    /// <summary>The reference texts of issue #2 with sentence-transformers' values.</summary>
    public const string Weather = "The weather is lovely today.";
    /// <summary>Similar to <see cref="Weather"/>: cosine 0.6660.</summary>
    public const string Sunny = "It's so sunny outside!";
    /// <summary>Dissimilar to <see cref="Weather"/>: cosine 0.1046.</summary>
    public const string Stadium = "He drove to the stadium.";
    /// <summary>First five components 0.0677, 0.0635, 0.0487, 0.0793, 0.0374.</summary>
    public const string Example = "This is an example sentence";

    /// <summary>sentence-transformers' first five components of <see cref="Example"/>.</summary>
    public static readonly float[] ExampleFirstFive = [0.0677f, 0.0635f, 0.0487f, 0.0793f, 0.0374f];

    /// <summary>Parses one JSON array of float arrays.</summary>
    public static float[][] Parse(string json) => JsonSerializer.Deserialize<float[][]>(json.Trim())!;

    /// <summary>Cosine similarity.</summary>
    public static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.Sqrt(na * nb);
    }

    /// <summary>Asserts the reference values of the four reference texts, given in this order.</summary>
    public static void AssertReferenceValues(float[][] vectors)
    {
        Assert.Equal(4, vectors.Length);
        Assert.All(vectors, v => Assert.Equal(384, v.Length));
        Assert.Equal(0.6660, Cosine(vectors[0], vectors[1]), 4);
        Assert.Equal(0.1046, Cosine(vectors[0], vectors[2]), 4);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(ExampleFirstFive[i], vectors[3][i], 4);
        }
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 5));
    }

    /// <summary>The four reference texts as standard input.</summary>
    public static string ReferenceInput => string.Join("\n", Weather, Sunny, Stadium, Example) + "\n";
}
