using System.Globalization;
using Accelerate.Imaging.Internal;
using Accelerate.Runtime;

namespace Accelerate.Imaging;

/// <summary>
/// Turns images into model input tensors: decode (SkiaSharp; EXIF orientation applied; grayscale, palette and alpha
/// images become RGB, alpha dropped), resize and crop as <see cref="ImagePreprocessing"/> says, then scale and normalise
/// into a float tensor of shape [1, 3, H, W] (NCHW) or [1, H, W, 3] (NHWC). Thread-safe: every method is stateless.
/// </summary>
public static class ImageTensor
{
    /// <summary>Decodes and preprocesses the image file at <paramref name="path"/>.</summary>
    /// <param name="path">A JPEG, PNG, WebP, GIF (first frame), BMP, ICO or WBMP file.</param>
    /// <param name="p">The preprocessing recipe.</param>
    /// <returns>The tensor, shape [1, 3, H, W] or [1, H, W, 3].</returns>
    /// <exception cref="FileNotFoundException">The file (or its folder) does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is empty, not a supported image, corrupt or truncated.</exception>
    /// <exception cref="ArgumentException">A setting of <paramref name="p"/> is out of range.</exception>
    public static TensorBuffer<float> FromFile(string path, ImagePreprocessing p)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"Image file '{fullPath}' was not found.", fullPath);
        }

        return FromImage(ImageDecoder.Decode(File.ReadAllBytes(fullPath), $"image file '{fullPath}'"), p);
    }

    /// <summary>Decodes and preprocesses an image read from <paramref name="stream"/> (from its current position to its end).</summary>
    /// <param name="stream">A readable stream holding an encoded image; it is not disposed.</param>
    /// <param name="p">The preprocessing recipe.</param>
    /// <returns>The tensor, shape [1, 3, H, W] or [1, H, W, 3].</returns>
    /// <exception cref="InvalidDataException">The stream is empty, not a supported image, corrupt or truncated.</exception>
    /// <exception cref="ArgumentException">A setting of <paramref name="p"/> is out of range.</exception>
    public static TensorBuffer<float> FromStream(Stream stream, ImagePreprocessing p)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        var source = stream is FileStream file ? $"image file '{file.Name}'" : "the image stream";
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return FromImage(ImageDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), source), p);
    }

    /// <summary>Decodes and preprocesses an encoded image held in memory (the bytes of a JPEG, PNG, ... file).</summary>
    /// <param name="encoded">The encoded image.</param>
    /// <param name="p">The preprocessing recipe.</param>
    /// <returns>The tensor, shape [1, 3, H, W] or [1, H, W, 3].</returns>
    /// <exception cref="InvalidDataException">The bytes are empty, not a supported image, corrupt or truncated.</exception>
    /// <exception cref="ArgumentException">A setting of <paramref name="p"/> is out of range.</exception>
    public static TensorBuffer<float> FromBytes(ReadOnlySpan<byte> encoded, ImagePreprocessing p)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        return FromImage(ImageDecoder.Decode(encoded, "the encoded image bytes"), p);
    }

    /// <summary>Preprocesses already decoded pixels (no EXIF orientation is applied).</summary>
    /// <param name="rgba">RGBA8888 pixels, 4 bytes each, rows top to bottom without padding; alpha is ignored and colour is taken as is (unpremultiplied).</param>
    /// <param name="width">The image width in pixels.</param>
    /// <param name="height">The image height in pixels.</param>
    /// <param name="p">The preprocessing recipe.</param>
    /// <returns>The tensor, shape [1, 3, H, W] or [1, H, W, 3].</returns>
    /// <exception cref="ArgumentException">The size is not positive, <paramref name="rgba"/> is not width × height × 4 bytes, or a setting of <paramref name="p"/> is out of range.</exception>
    public static TensorBuffer<float> FromPixels(ReadOnlySpan<byte> rgba, int width, int height, ImagePreprocessing p)
    {
        ArgumentNullException.ThrowIfNull(p);
        p.Validate();
        if (width <= 0 || height <= 0)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The image size must be positive, not {width}×{height}."), nameof(width));
        }

        if (rgba.Length != 4L * width * height)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"A {width}×{height} RGBA image has {4L * width * height} bytes, not {rgba.Length}."), nameof(rgba));
        }

        return FromImage(new RgbaImage(rgba.ToArray(), width, height), p);
    }

    /// <summary>Stacks tensors of equal shape along their first dimension: N tensors [1, ...] become one [N, ...].</summary>
    /// <param name="images">The tensors, e.g. from <see cref="FromFile"/> with one recipe; at least one.</param>
    /// <returns>A new tensor; the inputs are copied, not shared.</returns>
    /// <exception cref="ArgumentException">The list is empty, or the tensors differ in shape past the first dimension.</exception>
    public static TensorBuffer<float> Batch(IReadOnlyList<TensorBuffer<float>> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0)
        {
            throw new ArgumentException("Batch needs at least one image tensor.", nameof(images));
        }

        var first = images[0] ?? throw new ArgumentException("Image tensor 0 is null.", nameof(images));
        if (first.Shape.Length == 0)
        {
            throw new ArgumentException("Image tensors need a batch dimension; tensor 0 is a scalar.", nameof(images));
        }

        long batch = 0, total = 0;
        for (var i = 0; i < images.Count; i++)
        {
            var image = images[i] ?? throw new ArgumentException($"Image tensor {i} is null.", nameof(images));
            if (image.Shape.Length != first.Shape.Length || !image.Shape.AsSpan(1).SequenceEqual(first.Shape.AsSpan(1)))
            {
                throw new ArgumentException(
                    $"Image tensor {i} has shape [{string.Join(", ", image.Shape)}] but tensor 0 has [{string.Join(", ", first.Shape)}]; batch images preprocessed with the same recipe.",
                    nameof(images));
            }

            batch += image.Shape[0];
            total += image.Data.LongLength;
        }

        var data = new float[checked((int)total)];
        var offset = 0;
        foreach (var image in images)
        {
            image.Data.CopyTo(data, offset);
            offset += image.Data.Length;
        }

        var shape = (long[])first.Shape.Clone();
        shape[0] = batch;
        return new TensorBuffer<float>(data, shape);
    }

    /// <summary>Preprocesses decoded pixels the caller owns (their alpha bytes may be overwritten); no copy, no validation.</summary>
    internal static TensorBuffer<float> FromRgba(RgbaImage image, ImagePreprocessing p) => FromImage(image, p);

    private static TensorBuffer<float> FromImage(RgbaImage image, ImagePreprocessing p)
    {
        var (width, height, left, top) = Resampler.Plan(image.Width, image.Height, p);
        var data = width == image.Width && height == image.Height
            ? TensorWriter.Write(image, left, top, p) // no resampling: exact pixels
            : TensorWriter.Write(p.Resize == ResizeMode.HeightThenPadRight
                ? Resampler.ResizeAndCrop(image, width, height, 0, 0, width, height) // the rest is padding
                : Resampler.ResizeAndCrop(image, width, height, left, top, p.Width, p.Height), 0, 0, p);
        long[] shape = p.ChannelsLast ? [1, p.Height, p.Width, 3] : [1, 3, p.Height, p.Width];
        return new TensorBuffer<float>(data, shape);
    }
}
