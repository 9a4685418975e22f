using SkiaSharp;

namespace Accelerate.Imaging.Internal;

/// <summary>Decodes JPEG, PNG, WebP, GIF (first frame), BMP, ICO and WBMP with SkiaSharp into unpremultiplied RGBA.</summary>
internal static class ImageDecoder
{
    /// <summary>The formats this build of SkiaSharp decodes, for error messages.</summary>
    public const string SupportedFormats = "JPEG, PNG, WebP, GIF, BMP, ICO or WBMP";

    /// <summary>Decodes <paramref name="encoded"/> and applies its EXIF orientation.</summary>
    /// <param name="encoded">The encoded file contents.</param>
    /// <param name="source">What to call the input in messages, e.g. <c>image file '/x/cat.jpg'</c>.</param>
    /// <exception cref="InvalidDataException">The bytes are empty, not an image, corrupt, truncated or too large.</exception>
    public static RgbaImage Decode(ReadOnlySpan<byte> encoded, string source)
    {
        if (encoded.IsEmpty)
        {
            throw new InvalidDataException($"Cannot read {source}: it is empty (0 bytes), not an image.");
        }

        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data)
            ?? throw new InvalidDataException(
                $"Cannot read {source}: its {encoded.Length} bytes are not a {SupportedFormats} image SkiaSharp recognises (unsupported format, or not an image at all).");

        var info = codec.Info;
        if (info.Width <= 0 || info.Height <= 0)
        {
            throw new InvalidDataException($"Cannot read {source}: the {codec.EncodedFormat} image has no pixels ({info.Width}×{info.Height}).");
        }

        if (4L * info.Width * info.Height > Array.MaxLength)
        {
            throw new InvalidDataException($"Cannot read {source}: the {codec.EncodedFormat} image is too large to decode ({info.Width}×{info.Height}).");
        }

        // RGBA8888 unpremultiplied, no colour space: grayscale, palette and alpha images all come out as straight RGBA,
        // and embedded ICC profiles are not applied (as PIL, which the reference pipelines use, does not apply them either).
        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var pixels = new byte[target.BytesSize];
        var result = codec.GetPixels(target, pixels);

        if (result != SKCodecResult.Success)
        {
            var why = result switch
            {
                SKCodecResult.IncompleteInput => "the data is truncated",
                SKCodecResult.ErrorInInput => "the data is corrupt",
                SKCodecResult.InvalidConversion => "its pixel format cannot be converted to RGBA",
                _ => $"SkiaSharp reported {result}",
            };
            throw new InvalidDataException($"Cannot decode {source} ({codec.EncodedFormat}, {info.Width}×{info.Height}): {why}.");
        }

        return Orientation.Apply(new RgbaImage(pixels, info.Width, info.Height), codec.EncodedOrigin);
    }
}
