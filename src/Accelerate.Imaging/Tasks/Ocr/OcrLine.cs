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

/// <summary>Helpers over a result's lines.</summary>
public static class OcrLines
{
    /// <summary>
    /// The lines as one vector, for golden files and numeric comparisons: the line count, then per line its score, its
    /// box (x, y of each corner), its text's length in UTF-16 code units and those code units. Texts and boxes must then
    /// match exactly and scores within the tolerance.
    /// </summary>
    /// <param name="lines">The lines, in reading order.</param>
    public static float[] ToVector(IReadOnlyList<OcrLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var vector = new List<float> { lines.Count };
        foreach (var line in lines)
        {
            vector.Add(line.Score);
            foreach (var p in line.Box)
            {
                vector.Add(p.X);
                vector.Add(p.Y);
            }
            vector.Add(line.Text.Length);
            foreach (var c in line.Text) vector.Add(c);
        }
        return vector.ToArray();
    }
}
