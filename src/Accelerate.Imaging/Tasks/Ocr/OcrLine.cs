using System.Globalization;

namespace Accelerate.Imaging;

/// <summary>A point in image pixels (x to the right, y down).</summary>
/// <param name="X">Column.</param>
/// <param name="Y">Row.</param>
public readonly record struct OcrPoint(float X, float Y)
{
    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"({X}, {Y})");
}

/// <summary>One line of text found in an image.</summary>
/// <param name="Text">The recognised characters.</param>
/// <param name="Score">The recogniser's confidence: the mean of the most likely class's probability over the kept time steps.</param>
/// <param name="Box">The line's box in the original image's pixels: four corners, top-left first, clockwise (whole pixels, as PaddleOCR returns them).</param>
public sealed record OcrLine(string Text, float Score, IReadOnlyList<OcrPoint> Box)
{
    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Text} ({Score:F4}) [{string.Join(", ", Box)}]");
}
