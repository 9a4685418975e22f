using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SkiaSharp;

namespace Accelerate.Imaging.Tests.Support;

/// <summary>Synthetic images, encoded with SkiaSharp by the tests themselves.</summary>
internal static class TestImages
{
    public static readonly ImagePreprocessing Identity = new()
    {
        Resize = ResizeMode.Stretch,
        Scale = 1f,
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
    };

    public static byte[] Rgba(int width, int height, Func<int, int, (byte R, byte G, byte B, byte A)> pixel)
    {
        var data = new byte[4 * width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var (r, g, b, a) = pixel(x, y);
                var i = 4 * ((y * width) + x);
                data[i] = r;
                data[i + 1] = g;
                data[i + 2] = b;
                data[i + 3] = a;
            }
        }

        return data;
    }

    /// <summary>A 300×200 gradient: red grows left to right, green top to bottom, blue is 128.</summary>
    public static byte[] Gradient(int width = 300, int height = 200) =>
        Rgba(width, height, (x, y) => ((byte)(x * 255 / (width - 1)), (byte)(y * 255 / (height - 1)), 128, 255));

    public static byte[] Encode(byte[] rgba, int width, int height, SKEncodedImageFormat format, int quality = 100, SKAlphaType alpha = SKAlphaType.Unpremul)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, alpha));
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var data = bitmap.Encode(format, quality) ?? throw new InvalidOperationException($"SkiaSharp could not encode {format}.");
        return data.ToArray();
    }

    public static byte[] EncodeGray(byte[] gray, int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
        Marshal.Copy(gray, 0, bitmap.GetPixels(), gray.Length);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100) ?? throw new InvalidOperationException("SkiaSharp could not encode a grayscale PNG.");
        return data.ToArray();
    }

    /// <summary>Inserts an EXIF APP1 segment holding only the orientation tag right after the JPEG's SOI marker.</summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        Assert.True(jpeg[0] == 0xFF && jpeg[1] == 0xD8, "not a JPEG");
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0x00, 0x2A, 0x00, 0x00, 0x00, 0x08, // big-endian TIFF header, IFD at 8
            0x00, 0x01,                                                 // one entry
            0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01,             // Orientation, SHORT, count 1
            (byte)(orientation >> 8), (byte)orientation, 0x00, 0x00,    // value
            0x00, 0x00, 0x00, 0x00,                                     // no next IFD
        ];
        byte[] exif = [(byte)'E', (byte)'x', (byte)'i', (byte)'f', 0, 0, .. tiff];
        var segment = new byte[4 + exif.Length];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(2 + exif.Length));
        exif.CopyTo(segment, 4);
        return [.. jpeg.AsSpan(0, 2), .. segment, .. jpeg.AsSpan(2)];
    }

    /// <summary>The value at (channel, y, x) of a [1, 3, H, W] tensor.</summary>
    public static float At(Accelerate.Runtime.TensorBuffer<float> t, int c, int y, int x) =>
        t.Data[(c * (int)t.Shape[2] * (int)t.Shape[3]) + (y * (int)t.Shape[3]) + x];

    /// <summary>The mean of one channel of a [1, 3, H, W] tensor.</summary>
    public static double ChannelMean(Accelerate.Runtime.TensorBuffer<float> t, int c)
    {
        var plane = (int)(t.Shape[2] * t.Shape[3]);
        return t.Data.AsSpan(c * plane, plane).ToArray().Average(v => (double)v);
    }
}

/// <summary>A temporary folder removed after the test.</summary>
internal sealed class TempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "accelerate-imaging-tests", Guid.NewGuid().ToString("N"));

    public TempFolder() => Directory.CreateDirectory(Path);

    public string Write(string name, byte[] contents)
    {
        var file = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(file, contents);
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
