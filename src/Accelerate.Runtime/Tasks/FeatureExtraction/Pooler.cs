using System.Numerics.Tensors;

namespace Accelerate.Runtime;

/// <summary>Pooling and L2 normalisation, computed as sentence-transformers computes them.</summary>
internal static class Pooler
{
    /// <summary>Pools one text's output into a new vector.</summary>
    /// <param name="pooling">The pooling mode.</param>
    /// <param name="output">The text's rows: <c>[paddedLength, dimensions]</c> for token pooling, <c>[dimensions]</c> for <see cref="Pooling.None"/>.</param>
    /// <param name="tokens">How many leading rows are real tokens (the rest is padding).</param>
    /// <param name="dimensions">The width of a row.</param>
    /// <param name="normalize">Whether to scale the result to unit length.</param>
    public static float[] Pool(Pooling pooling, ReadOnlySpan<float> output, int tokens, int dimensions, bool normalize)
    {
        var result = new float[dimensions];
        switch (pooling)
        {
            case Pooling.Mean:
                for (var t = 0; t < tokens; t++)
                {
                    TensorPrimitives.Add(result, output.Slice(t * dimensions, dimensions), result);
                }

                TensorPrimitives.Divide(result, Math.Max(tokens, 1), result);
                break;
            case Pooling.Max:
                output[..dimensions].CopyTo(result);
                for (var t = 1; t < tokens; t++)
                {
                    TensorPrimitives.Max(result, output.Slice(t * dimensions, dimensions), result);
                }

                break;
            case Pooling.Cls:
            case Pooling.None:
                output[..dimensions].CopyTo(result);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(pooling), pooling, "Unknown pooling mode.");
        }

        if (normalize)
        {
            // torch.nn.functional.normalize: x / max(||x||, 1e-12)
            TensorPrimitives.Divide(result, MathF.Max(TensorPrimitives.Norm(result), 1e-12f), result);
        }

        return result;
    }
}
