using System.Globalization;

namespace Accelerate.Benchmarks;

/// <summary>
/// The value of a benchmark parameter that fixes a case's batch and per-item shape together, so that a suite can
/// measure chosen shapes (batch 1 × seq 16, batch 1 × seq 128, batch 8 × seq 16) rather than the full cross product
/// that separate <c>[Params]</c> would make. The host reads <see cref="Batch"/>, <see cref="Text"/> and
/// <see cref="TokensPerItem"/> from whichever parameter holds one.
/// </summary>
public interface IBenchmarkShape
{
    /// <summary>Items (texts, images, ...) per call.</summary>
    int Batch { get; }

    /// <summary>The per-item shape as stored in the results, e.g. <c>seq=128</c> or <c>224x224</c>.</summary>
    string Text { get; }

    /// <summary>Tokens per item for text models (tokens/s = batch × this / median); <see langword="null"/> otherwise.</summary>
    int? TokensPerItem { get; }
}

/// <summary>A batch of texts that each tokenise to exactly <paramref name="Sequence"/> tokens, <c>[CLS]</c> and <c>[SEP]</c> included.</summary>
/// <param name="Batch">Texts per call.</param>
/// <param name="Sequence">Tokens per text.</param>
public sealed record TextShape(int Batch, int Sequence) : IBenchmarkShape
{
    /// <inheritdoc />
    public string Text => string.Create(CultureInfo.InvariantCulture, $"seq={Sequence}");

    /// <inheritdoc />
    public int? TokensPerItem => Sequence;

    /// <summary>How BenchmarkDotNet shows the parameter: <c>b=1 seq=16</c> (no commas: it ends up in CSV exports).</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"b={Batch} seq={Sequence}");
}

/// <summary>A batch of images of <paramref name="Height"/> × <paramref name="Width"/> pixels.</summary>
/// <param name="Batch">Images per call.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="Width">Image width in pixels.</param>
public sealed record ImageShape(int Batch, int Height, int Width) : IBenchmarkShape
{
    /// <inheritdoc />
    public string Text => string.Create(CultureInfo.InvariantCulture, $"{Height}x{Width}");

    /// <inheritdoc />
    public int? TokensPerItem => null;

    /// <summary>How BenchmarkDotNet shows the parameter: <c>b=1 224x224</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"b={Batch} {Height}x{Width}");
}

/// <summary>A batch of items of any other kind (raw tensors, audio chunks, ...), described by <paramref name="Shape"/>.</summary>
/// <param name="Batch">Items per call.</param>
/// <param name="Shape">The per-item shape as text, e.g. <c>1x512</c>; no commas.</param>
public sealed record TensorShape(int Batch, string Shape) : IBenchmarkShape
{
    /// <inheritdoc />
    public string Text => Shape;

    /// <inheritdoc />
    public int? TokensPerItem => null;

    /// <summary>How BenchmarkDotNet shows the parameter: <c>b=1 1x512</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"b={Batch} {Shape}");
}
