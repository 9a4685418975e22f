using System.Runtime.InteropServices;
using SkiaSharp;

namespace Accelerate.Imaging.Internal;

/// <summary>The resize-then-crop plan for one image, and the resize itself.</summary>
internal static class Resampler
{
    /// <summary>
    /// Linear filtering between linearly blended mipmap levels. When downscaling (the usual case: photos are larger than
    /// 224 px) Skia first picks the two box-filtered mipmap levels around the target scale, so every source pixel
    /// contributes, like the antialiased bilinear resize of PIL and torchvision that models are trained with; when
    /// upscaling it is plain bilinear, torchvision's default. Skia's cubic resamplers (Mitchell, Catmull-Rom) read a
    /// fixed 4×4 neighbourhood without mipmaps, so they alias on large reductions (a 4000 px photo to 256 px skips most pixels).
    /// </summary>
    public static readonly SKSamplingOptions Sampling = new(SKFilterMode.Linear, SKMipmapMode.Linear);

    /// <summary>The size to resize a <paramref name="width"/>×<paramref name="height"/> image to, and where the crop starts in it.</summary>
    public static (int Width, int Height, int Left, int Top) Plan(int width, int height, ImagePreprocessing p)
    {
        if (p.Resize == ResizeMode.Stretch)
        {
            return (p.Width, p.Height, 0, 0);
        }

        if (p.Resize == ResizeMode.HeightThenPadRight)
        {
            // PaddleOCR: resized_w = imgW if ceil(imgH * ratio) > imgW else int(ceil(imgH * ratio)).
            var fitted = (long)Math.Ceiling(p.Height * (width / (double)height));
            return ((int)Math.Clamp(fitted, 1, p.Width), p.Height, 0, 0);
        }

        // torchvision Resize(int): the shorter side becomes S, the longer int(S * long / short).
        var s = p.EffectiveResizeShorterSide;
        int resizedW, resizedH;
        if (width <= height)
        {
            resizedW = s;
            resizedH = (int)Math.Max(1, (long)s * height / width);
        }
        else
        {
            resizedH = s;
            resizedW = (int)Math.Max(1, (long)s * width / height);
        }

        return (resizedW, resizedH, CropStart(resizedW, p.Width), CropStart(resizedH, p.Height));
    }

    /// <summary>
    /// Resizes straight (unpremultiplied) RGBA pixels to <paramref name="resizedWidth"/>×<paramref name="resizedHeight"/> and
    /// returns only the <paramref name="cropWidth"/>×<paramref name="cropHeight"/> window at (<paramref name="left"/>, <paramref name="top"/>)
    /// of the result (black where the window leaves the resized image). Only the window is rendered — the same shader and
    /// matrix as Skia's <c>ScalePixels</c>, so the same values — which keeps extreme aspect ratios from allocating the whole
    /// resized image. <paramref name="image"/> must be owned by the caller: its alpha bytes are set to opaque first, because
    /// the tensor keeps only the colour channels (PIL's <c>convert("RGB")</c> before resizing) and an opaque image keeps
    /// Skia from premultiplying, and so darkening, the colour of translucent pixels.
    /// </summary>
    public static RgbaImage ResizeAndCrop(RgbaImage image, int resizedWidth, int resizedHeight, int left, int top, int cropWidth, int cropHeight)
    {
        var source = image.Pixels;
        for (var i = 3; i < source.Length; i += 4)
        {
            source[i] = 255;
        }

        var result = new byte[checked(4 * cropWidth * cropHeight)];
        var sourceInfo = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var targetInfo = new SKImageInfo(cropWidth, cropHeight, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var sourceHandle = GCHandle.Alloc(source, GCHandleType.Pinned);
        var targetHandle = GCHandle.Alloc(result, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(sourceInfo, sourceHandle.AddrOfPinnedObject(), sourceInfo.RowBytes);
            using var skImage = SKImage.FromPixels(pixmap)
                ?? throw new InvalidOperationException($"SkiaSharp could not wrap a {image.Width}×{image.Height} image.");
            using var surface = SKSurface.Create(targetInfo, targetHandle.AddrOfPinnedObject(), targetInfo.RowBytes)
                ?? throw new InvalidOperationException($"SkiaSharp could not create a {cropWidth}×{cropHeight} surface.");

            // Source pixel space → resized space (pixel centres map as in PIL/torchvision) → crop window.
            var matrix = SKMatrix.CreateScaleTranslation(resizedWidth / (float)image.Width, resizedHeight / (float)image.Height, -left, -top);
            using var shader = skImage.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, Sampling, matrix);
            using var paint = new SKPaint { Shader = shader, BlendMode = SKBlendMode.Src, IsAntialias = false };
            var canvas = surface.Canvas;
            canvas.Clear(SKColors.Black);
            canvas.DrawRect(SKRect.Create(-left, -top, resizedWidth, resizedHeight), paint);
            canvas.Flush();
        }
        finally
        {
            targetHandle.Free();
            sourceHandle.Free();
        }

        return new RgbaImage(result, cropWidth, cropHeight);
    }

    // torchvision CenterCrop: pad symmetrically (extra pixel right/bottom) when the image is smaller than the crop,
    // otherwise start at int(round((size - crop) / 2)) with Python's round-half-to-even.
    private static int CropStart(int size, int crop) =>
        size < crop ? -((crop - size) / 2) : (int)Math.Round((size - crop) / 2.0, MidpointRounding.ToEven);
}
