namespace Accelerate.Imaging.Internal;

/// <summary>Cuts the crop window out of resized pixels and normalises it into a float tensor.</summary>
internal static class TensorWriter
{
    /// <summary>
    /// Writes the <c>p.Width</c>×<c>p.Height</c> window starting at (<paramref name="left"/>, <paramref name="top"/>) of
    /// <paramref name="image"/>; pixels outside the image are black (0), as torchvision pads before a centre crop, except
    /// with <see cref="ResizeMode.HeightThenPadRight"/>, where they are 0 in the tensor (after normalisation), as PaddleOCR pads.
    /// </summary>
    public static float[] Write(RgbaImage image, int left, int top, ImagePreprocessing p)
    {
        int width = p.Width, height = p.Height, plane = width * height;
        var channelsLast = p.ChannelsLast;
        var output = new float[3 * plane];

        // Output channel c reads source byte offset Sources[c] (R=0, G=1, B=2).
        ReadOnlySpan<int> sources = p.Bgr ? [2, 1, 0] : [0, 1, 2];

        // Per-channel lookup of (v * Scale - Mean[c]) / Std[c] for every byte v: exact and cheap.
        var table = new float[3 * 256];
        for (var c = 0; c < 3; c++)
        {
            for (var v = 0; v < 256; v++)
            {
                table[(c * 256) + v] = ((v * p.Scale) - p.Mean[c]) / p.Std[c];
            }
        }

        var pixels = image.Pixels;
        var meanImage = p.MeanImage;
        var padWithZero = p.Resize == ResizeMode.HeightThenPadRight;
        for (var y = 0; y < height; y++)
        {
            var sy = y + top;
            for (var x = 0; x < width; x++)
            {
                var sx = x + left;
                var inside = (uint)sx < (uint)image.Width && (uint)sy < (uint)image.Height;
                var offset = inside ? 4 * ((sy * image.Width) + sx) : -1;
                var pixel = (y * width) + x;
                for (var c = 0; c < 3; c++)
                {
                    int v = inside ? pixels[offset + sources[c]] : 0;
                    var value = !inside && padWithZero ? 0f : meanImage is null
                        ? table[(c * 256) + v]
                        : ((v * p.Scale) - p.Mean[c] - meanImage[(c * plane) + pixel]) / p.Std[c];
                    output[channelsLast ? (3 * pixel) + c : (c * plane) + pixel] = value;
                }
            }
        }

        return output;
    }
}
