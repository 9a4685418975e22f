using System.Runtime.InteropServices;
using SkiaSharp;

namespace Accelerate.Imaging.Internal.Ocr;

/// <summary>
/// PaddleOCR's get_rotate_crop_image: the quadrilateral of a box warped (perspective, bicubic, edge pixels repeated) to
/// an upright strip as wide as its longer horizontal edge and as tall as its longer vertical edge; a strip at least 1.5×
/// taller than wide is turned 90° counter-clockwise (np.rot90), so vertical text reads left to right. Plus the 180° turn
/// of the direction classifier (cv2.rotate ROTATE_180).
/// </summary>
internal static class LineCrop
{
    // cv2.INTER_CUBIC is Keys' cubic with a = -0.75: Skia's cubic with B = 0, C = 0.75.
    private static readonly SKSamplingOptions Cubic = new(new SKCubicResampler(0f, 0.75f));

    /// <summary>The strip of <paramref name="box"/> (top-left, top-right, bottom-right, bottom-left) cut from <paramref name="image"/>.</summary>
    public static RgbaImage Cut(RgbaImage image, IReadOnlyList<OcrPoint> box)
    {
        var width = (int)Math.Max(Quad.Distance(box[0], box[1]), Quad.Distance(box[2], box[3]));
        var height = (int)Math.Max(Quad.Distance(box[0], box[3]), Quad.Distance(box[1], box[2]));
        width = Math.Max(width, 1);
        height = Math.Max(height, 1);
        var h = Homography.Solve(box, [new(0, 0), new(width, 0), new(width, height), new(0, height)]);
        var strip = Warp(image, h, width, height);
        return height / (double)width >= 1.5 ? RotateCounterClockwise(strip) : strip;
    }

    /// <summary>The image turned 180°.</summary>
    public static RgbaImage Rotate180(RgbaImage image)
    {
        var source = MemoryMarshal.Cast<byte, uint>(image.Pixels);
        var result = new byte[image.Pixels.Length];
        var target = MemoryMarshal.Cast<byte, uint>(result.AsSpan());
        for (var i = 0; i < source.Length; i++) target[source.Length - 1 - i] = source[i];
        return new RgbaImage(result, image.Width, image.Height);
    }

    /// <summary>np.rot90: the image turned 90° counter-clockwise (out[i, j] = in[j, width - 1 - i]).</summary>
    public static RgbaImage RotateCounterClockwise(RgbaImage image)
    {
        int w = image.Width, h = image.Height;
        var source = MemoryMarshal.Cast<byte, uint>(image.Pixels);
        var result = new byte[image.Pixels.Length];
        var target = MemoryMarshal.Cast<byte, uint>(result.AsSpan());
        for (var i = 0; i < w; i++)
        {
            for (var j = 0; j < h; j++) target[(i * h) + j] = source[(j * w) + (w - 1 - i)];
        }
        return new RgbaImage(result, h, w);
    }

    // cv2.warpPerspective maps pixel centres at whole coordinates; Skia's are at +0.5: local matrix T(0.5)·H·T(-0.5).
    private static RgbaImage Warp(RgbaImage image, double[] h, int width, int height)
    {
        var m = Homography.Multiply(Homography.Multiply([1, 0, 0.5, 0, 1, 0.5, 0, 0, 1], h), [1, 0, -0.5, 0, 1, -0.5, 0, 0, 1]);
        var matrix = new SKMatrix((float)m[0], (float)m[1], (float)m[2], (float)m[3], (float)m[4], (float)m[5], (float)m[6], (float)m[7], (float)m[8]);
        var result = new byte[checked(4 * width * height)];
        var sourceInfo = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var targetInfo = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var sourceHandle = GCHandle.Alloc(image.Pixels, GCHandleType.Pinned);
        var targetHandle = GCHandle.Alloc(result, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(sourceInfo, sourceHandle.AddrOfPinnedObject(), sourceInfo.RowBytes);
            using var skImage = SKImage.FromPixels(pixmap) ?? throw new InvalidOperationException($"SkiaSharp could not wrap a {image.Width}×{image.Height} image.");
            using var surface = SKSurface.Create(targetInfo, targetHandle.AddrOfPinnedObject(), targetInfo.RowBytes)
                ?? throw new InvalidOperationException($"SkiaSharp could not create a {width}×{height} surface.");
            using var shader = skImage.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, Cubic, matrix);
            using var paint = new SKPaint { Shader = shader, BlendMode = SKBlendMode.Src, IsAntialias = false };
            surface.Canvas.DrawRect(SKRect.Create(0, 0, width, height), paint);
            surface.Canvas.Flush();
        }
        finally
        {
            targetHandle.Free();
            sourceHandle.Free();
        }
        return new RgbaImage(result, width, height);
    }
}

/// <summary>cv2.getPerspectiveTransform: the 3×3 matrix (row-major) taking four points onto four others.</summary>
internal static class Homography
{
    public static double[] Solve(IReadOnlyList<OcrPoint> from, IReadOnlyList<OcrPoint> to)
    {
        // a·x + b·y + c - g·x·u - h·y·u = u ; d·x + e·y + f - g·x·v - h·y·v = v
        var a = new double[8, 9];
        for (var i = 0; i < 4; i++)
        {
            double x = from[i].X, y = from[i].Y, u = to[i].X, v = to[i].Y;
            double[] r1 = [x, y, 1, 0, 0, 0, -x * u, -y * u, u];
            double[] r2 = [0, 0, 0, x, y, 1, -x * v, -y * v, v];
            for (var k = 0; k < 9; k++) { a[2 * i, k] = r1[k]; a[(2 * i) + 1, k] = r2[k]; }
        }
        for (var col = 0; col < 8; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < 8; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col])) pivot = r;
            if (Math.Abs(a[pivot, col]) < 1e-12) throw new ArgumentException("The box's corners are degenerate (three on one line).");
            for (var k = 0; k < 9; k++) (a[col, k], a[pivot, k]) = (a[pivot, k], a[col, k]);
            for (var r = 0; r < 8; r++)
            {
                if (r == col) continue;
                var f = a[r, col] / a[col, col];
                for (var k = col; k < 9; k++) a[r, k] -= f * a[col, k];
            }
        }
        var m = new double[9];
        for (var i = 0; i < 8; i++) m[i] = a[i, 8] / a[i, i];
        m[8] = 1;
        return m;
    }

    public static double[] Multiply(double[] p, double[] q)
    {
        var r = new double[9];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                r[(i * 3) + j] = (p[i * 3] * q[j]) + (p[(i * 3) + 1] * q[3 + j]) + (p[(i * 3) + 2] * q[6 + j]);
        return r;
    }

    public static OcrPoint Apply(double[] m, OcrPoint p)
    {
        var w = (m[6] * p.X) + (m[7] * p.Y) + m[8];
        return new OcrPoint((float)(((m[0] * p.X) + (m[1] * p.Y) + m[2]) / w), (float)(((m[3] * p.X) + (m[4] * p.Y) + m[5]) / w));
    }
}
