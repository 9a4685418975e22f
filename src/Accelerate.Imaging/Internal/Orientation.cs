using SkiaSharp;

namespace Accelerate.Imaging.Internal;

/// <summary>Applies an EXIF orientation, so the pixels are as a viewer shows them (what PIL's <c>exif_transpose</c> does).</summary>
internal static class Orientation
{
    /// <summary>Returns the image as displayed; <paramref name="image"/> itself when the origin is top-left.</summary>
    public static RgbaImage Apply(RgbaImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft or not (>= SKEncodedOrigin.TopLeft and <= SKEncodedOrigin.LeftBottom))
        {
            return image;
        }

        int w = image.Width, h = image.Height;
        var swap = origin >= SKEncodedOrigin.LeftTop;
        int outW = swap ? h : w, outH = swap ? w : h;
        var source = MemoryMarshalHelpers.AsPixels(image.Pixels);
        var result = new byte[image.Pixels.Length];
        var target = MemoryMarshalHelpers.AsPixels(result);
        for (var oy = 0; oy < outH; oy++)
        {
            for (var ox = 0; ox < outW; ox++)
            {
                // (sx, sy): the stored pixel that appears at (ox, oy) once displayed.
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - ox, oy),
                    SKEncodedOrigin.BottomRight => (w - 1 - ox, h - 1 - oy),
                    SKEncodedOrigin.BottomLeft => (ox, h - 1 - oy),
                    SKEncodedOrigin.LeftTop => (oy, ox),
                    SKEncodedOrigin.RightTop => (oy, h - 1 - ox),
                    SKEncodedOrigin.RightBottom => (w - 1 - oy, h - 1 - ox),
                    _ => (w - 1 - oy, ox), // LeftBottom
                };
                target[(oy * outW) + ox] = source[(sy * w) + sx];
            }
        }

        return new RgbaImage(result, outW, outH);
    }
}
