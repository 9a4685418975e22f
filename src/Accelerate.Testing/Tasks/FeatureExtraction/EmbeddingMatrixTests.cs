using System.Globalization;
using Xunit;

namespace Accelerate.Testing;

/// <summary>
/// The matrix checks of embedding models (feature-extraction): the generic checks of <see cref="ModelMatrixTests"/>,
/// plus unit norms when the manifest normalises and the ranking of the manifest's similarity triplets.
/// </summary>
public abstract class EmbeddingMatrixTests : ModelMatrixTests
{
    /// <summary>The required L2 norm deviation bound of <see cref="HasUnitNorm"/>.</summary>
    public const double UnitNormTolerance = 1e-4;

    /// <summary>Binds the checks to a model's spec and its ranking triplets.</summary>
    /// <param name="spec">What to check.</param>
    /// <param name="triplets">The manifest's tests.triplets; empty for none.</param>
    protected EmbeddingMatrixTests(ModelTestSpec spec, IReadOnlyList<Triplet> triplets)
        : base(spec)
    {
        ArgumentNullException.ThrowIfNull(triplets);
        Triplets = triplets;
    }

    /// <summary>The ranking checks: each anchor must be closer to its positive than to its negative.</summary>
    protected IReadOnlyList<Triplet> Triplets { get; }

    /// <summary>Every output vector (every row along the last axis) has L2 norm 1 ± 1e-4.</summary>
    /// <param name="backend">The backend row.</param>
    protected void HasUnitNorm(string backend) => Check(backend, nameof(HasUnitNorm), run =>
    {
        using var model = OpenModel(backend, run);
        var problems = new List<string>();
        var worst = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var @case in model.RunEach())
        {
            foreach (var output in @case.Outputs)
            {
                var width = output.Shape.Length == 0 ? 1 : (int)Math.Max(output.Shape[^1], 1);
                for (var row = 0; row * width < output.Values.Length; row++)
                {
                    var norm = Math.Sqrt(output.Values.AsSpan(row * width, width).ToArray().Sum(v => v * v));
                    var deviation = double.IsFinite(norm) ? Math.Abs(norm - 1) : double.PositiveInfinity;
                    worst[output.Name] = Math.Max(worst.GetValueOrDefault(output.Name), deviation);
                    if (!(deviation <= UnitNormTolerance))
                    {
                        var where = output.Values.Length > width ? $" row {row.ToString(CultureInfo.InvariantCulture)}" : string.Empty;
                        problems.Add($"output '{output.Name}' of case {Text.Quote(@case.Case)}{where} has L2 norm {Text.Value(norm)}, expected 1 ± {Text.Tolerance(UnitNormTolerance)}");
                    }
                }
            }
        }

        run.Diffs = worst.Select(w => new OutputDiff(w.Key, w.Value, w.Value)).ToArray();
        if (problems.Count > 0)
        {
            Assert.Fail($"{run.Label}: {problems[0]}" + (problems.Count > 1 ? "\n  also: " + string.Join("\n  also: ", problems.Skip(1).Take(9)) : string.Empty));
        }
    });

    /// <summary>For every triplet, cos(anchor, positive) &gt; cos(anchor, negative); the message shows both scores.</summary>
    /// <param name="backend">The backend row.</param>
    protected void RanksSimilarAboveDissimilar(string backend) => Check(backend, nameof(RanksSimilarAboveDissimilar), run =>
    {
        if (Triplets.Count == 0)
        {
            Assert.Skip($"{Spec.ModelName}'s manifest lists no similarity triplets");
        }

        using var model = OpenModel(backend, run);
        var problems = new List<string>();
        var notes = new List<string>();
        if (model is not ITextEmbedder embedder)
        {
            Assert.Skip($"{Spec.ModelName} is not a text embedding model, so it cannot rank texts");
            return;
        }

        for (var i = 0; i < Triplets.Count; i++)
        {
            var triplet = Triplets[i];
            var anchor = embedder.EmbedText(triplet.Anchor);
            var positive = Cosine(anchor, embedder.EmbedText(triplet.Positive));
            var negative = Cosine(anchor, embedder.EmbedText(triplet.Negative));
            var line = $"triplet {(i + 1).ToString(CultureInfo.InvariantCulture)}: cos(anchor, positive) {Score(positive)} vs cos(anchor, negative) {Score(negative)}";
            notes.Add(line);
            if (!(positive > negative))
            {
                problems.Add($"{line}: the dissimilar text scores as high or higher (anchor {Text.Quote(triplet.Anchor)}, positive {Text.Quote(triplet.Positive)}, negative {Text.Quote(triplet.Negative)})");
            }
        }

        run.Note = string.Join("; ", notes);
        if (problems.Count > 0)
        {
            Assert.Fail($"{run.Label}: " + string.Join("\n  ", problems));
        }
    });

    private static string Score(double cosine) => cosine.ToString("0.0000", CultureInfo.InvariantCulture);

    private static double Cosine(float[] a, float[] b)
    {
        if (a.Length != b.Length)
        {
            throw new InvalidOperationException($"Embeddings of different lengths ({a.Length} and {b.Length}).");
        }

        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / (Math.Sqrt(na) * Math.Sqrt(nb));
    }
}
