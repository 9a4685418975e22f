namespace Accelerate.Performance.Benchmarks;

/// <summary>Fails a benchmark's setup when the two sides of a comparison do not produce the same embeddings.</summary>
internal static class Agreement
{
    // Different padding and batch composition change float summation order, not results: 1e-4 is the golden tolerance.
    private const float Tolerance = 1e-4f;

    public static void Check(float[][] generated, float[][] handWritten, string what)
    {
        if (generated.Length != handWritten.Length)
        {
            throw new InvalidOperationException($"{what}: {generated.Length} embeddings from the generated class, {handWritten.Length} hand-written.");
        }

        for (var i = 0; i < generated.Length; i++)
        {
            var worst = generated[i].Zip(handWritten[i], (a, b) => MathF.Abs(a - b)).Max();
            if (generated[i].Length != handWritten[i].Length || worst > Tolerance)
            {
                throw new InvalidOperationException($"{what}: text {i} embeds differently (max |difference| {worst}).");
            }
        }
    }
}
