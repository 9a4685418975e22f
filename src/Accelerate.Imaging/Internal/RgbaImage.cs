namespace Accelerate.Imaging.Internal;

/// <summary>Decoded pixels: RGBA8888, unpremultiplied, rows top to bottom, no padding between rows.</summary>
internal sealed class RgbaImage
{
    public RgbaImage(byte[] pixels, int width, int height)
    {
        if (width <= 0 || height <= 0 || pixels.LongLength != 4L * width * height)
        {
            throw new ArgumentException($"{pixels.Length} bytes are not a {width}×{height} RGBA image.", nameof(pixels));
        }

        Pixels = pixels;
        Width = width;
        Height = height;
    }

    public byte[] Pixels { get; }

    public int Width { get; }

    public int Height { get; }
}
