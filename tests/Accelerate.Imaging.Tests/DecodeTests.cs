using Accelerate.Imaging.Internal;
using Accelerate.Imaging.Tests.Support;
using SkiaSharp;

namespace Accelerate.Imaging.Tests;

public sealed class DecodeTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [InlineData("gradient.png", SKEncodedImageFormat.Png, 0.01)]
    [InlineData("gradient.jpg", SKEncodedImageFormat.Jpeg, 0.03)]
    [InlineData("gradient.webp", SKEncodedImageFormat.Webp, 0.03)]
    public void GradientFileGivesTheExpectedTensor(string name, SKEncodedImageFormat format, double tolerance)
    {
        var path = _folder.Write(name, TestImages.Encode(TestImages.Gradient(), 300, 200, format, quality: 95));

        var t = ImageTensor.FromFile(path, new ImagePreprocessing());

        Assert.Equal([1L, 3, 224, 224], t.Shape);
        Assert.All(t.Data, v => Assert.True(float.IsFinite(v)));

        // 300×200 → 384×256, crop [80, 304) × [16, 240): centred on the image, so red and green average ~127.5/255
        // and blue is 128 everywhere. Normalised: (0.5 - mean) / std.
        Assert.Equal((0.5 - 0.485) / 0.229, TestImages.ChannelMean(t, 0), tolerance * 4);
        Assert.Equal((0.5 - 0.456) / 0.224, TestImages.ChannelMean(t, 1), tolerance * 4);
        Assert.Equal(((128 / 255.0) - 0.406) / 0.225, TestImages.ChannelMean(t, 2), tolerance * 4);

        // The crop keeps the middle of the gradient: red at the left edge of the crop ≈ 62/299 of full scale, at the right ≈ 237/299.
        var leftRed = (TestImages.At(t, 0, 112, 0) * 0.229) + 0.485;
        var rightRed = (TestImages.At(t, 0, 112, 223) * 0.229) + 0.485;
        Assert.Equal(62.0 / 299, leftRed, tolerance);
        Assert.Equal(237.0 / 299, rightRed, tolerance);
        var topGreen = (TestImages.At(t, 1, 0, 112) * 0.224) + 0.456;
        Assert.Equal(12.0 / 199, topGreen, tolerance);
    }

    [Fact]
    public void FromStreamAndFromBytesMatchFromFile()
    {
        var png = TestImages.Encode(TestImages.Gradient(), 300, 200, SKEncodedImageFormat.Png);
        var path = _folder.Write("g.png", png);
        var p = new ImagePreprocessing();

        var fromFile = ImageTensor.FromFile(path, p);
        using var stream = new MemoryStream(png);
        var fromStream = ImageTensor.FromStream(stream, p);
        var fromBytes = ImageTensor.FromBytes(png, p);

        Assert.Equal(fromFile.Data, fromStream.Data);
        Assert.Equal(fromFile.Data, fromBytes.Data);
    }

    [Fact]
    public void PngDecodesToItsExactPixels()
    {
        var rgba = TestImages.Rgba(4, 3, (x, y) => ((byte)(x * 60), (byte)(y * 100), (byte)(7 * x * y), 255));

        var t = ImageTensor.FromBytes(TestImages.Encode(rgba, 4, 3, SKEncodedImageFormat.Png), TestImages.Identity with { Width = 4, Height = 3 });

        Assert.Equal(ImageTensor.FromPixels(rgba, 4, 3, TestImages.Identity with { Width = 4, Height = 3 }).Data, t.Data);
        Assert.Equal(180f, TestImages.At(t, 0, 0, 3));
        Assert.Equal(200f, TestImages.At(t, 1, 2, 0));
        Assert.Equal(42f, TestImages.At(t, 2, 2, 3));
    }

    [Fact]
    public void GrayscalePngBecomesThreeEqualChannels()
    {
        var gray = Enumerable.Range(0, 6).Select(i => (byte)(i * 40)).ToArray();

        var t = ImageTensor.FromBytes(TestImages.EncodeGray(gray, 3, 2), TestImages.Identity with { Width = 3, Height = 2 });

        float[] expected = [0, 40, 80, 120, 160, 200];
        Assert.Equal(expected, t.Data[..6]);
        Assert.Equal(expected, t.Data[6..12]);
        Assert.Equal(expected, t.Data[12..]);
    }

    [Fact]
    public void TransparentPngKeepsItsUnpremultipliedColour()
    {
        // Semi-transparent and fully transparent pixels: the colour channels come through unchanged, alpha is dropped.
        var rgba = TestImages.Rgba(2, 1, (x, _) => x == 0 ? ((byte)200, (byte)100, (byte)50, (byte)128) : ((byte)10, (byte)20, (byte)30, (byte)0));

        var t = ImageTensor.FromBytes(TestImages.Encode(rgba, 2, 1, SKEncodedImageFormat.Png), TestImages.Identity with { Width = 2, Height = 1 });

        Assert.Equal([200f, 10f, 100f, 20f, 50f, 30f], t.Data);
    }

    [Theory]
    [InlineData(1, "RRBB/GGGG")]
    [InlineData(2, "BBRR/GGGG")]           // mirrored
    [InlineData(3, "GGGG/BBRR")]           // rotated 180°
    [InlineData(4, "GGGG/RRBB")]           // flipped vertically
    [InlineData(5, "RG/RG/BG/BG")]         // transposed
    [InlineData(6, "GR/GR/GB/GB")]         // rotated 90° clockwise: the top row ends on the right
    [InlineData(7, "GB/GB/GR/GR")]         // transverse
    [InlineData(8, "BG/BG/RG/RG")]         // rotated 90° counter-clockwise: the top row ends on the left, reversed
    public void ExifOrientationIsApplied(ushort orientation, string expected)
    {
        // 4×2 cells of 16×16 pixels (large enough for JPEG's chroma subsampling): top row R R B B, bottom row G G G G.
        const int Cell = 16;
        var rgba = TestImages.Rgba(4 * Cell, 2 * Cell, (x, y) => (y / Cell, x / Cell) switch
        {
            (1, _) => ((byte)0, (byte)255, (byte)0, (byte)255),
            (_, < 2) => ((byte)255, (byte)0, (byte)0, (byte)255),
            _ => ((byte)0, (byte)0, (byte)255, (byte)255),
        });
        var jpeg = TestImages.WithExifOrientation(TestImages.Encode(rgba, 4 * Cell, 2 * Cell, SKEncodedImageFormat.Jpeg, 100), orientation);

        var image = ImageDecoder.Decode(jpeg, "test");

        var rows = new List<string>();
        for (var row = 0; row < image.Height / Cell; row++)
        {
            rows.Add(string.Concat(Enumerable.Range(0, image.Width / Cell).Select(col =>
            {
                var offset = 4 * ((((row * Cell) + (Cell / 2)) * image.Width) + (col * Cell) + (Cell / 2));
                var (r, g, b) = (image.Pixels[offset], image.Pixels[offset + 1], image.Pixels[offset + 2]);
                return r > 200 && g < 60 && b < 60 ? 'R' : g > 200 && r < 60 && b < 60 ? 'G' : b > 200 && r < 60 && g < 60 ? 'B' : '?';
            })));
        }

        Assert.Equal(expected, string.Join('/', rows));
    }

    [Fact]
    public void ExifRotationChangesTheTensorOrientation()
    {
        var rgba = TestImages.Rgba(400, 200, (x, _) => x < 200 ? ((byte)255, (byte)0, (byte)0, (byte)255) : ((byte)0, (byte)0, (byte)255, (byte)255));
        var jpeg = TestImages.WithExifOrientation(TestImages.Encode(rgba, 400, 200, SKEncodedImageFormat.Jpeg, 100), 6);

        var t = ImageTensor.FromBytes(jpeg, TestImages.Identity with { Resize = ResizeMode.Stretch });

        Assert.InRange(TestImages.At(t, 0, 10, 112), 240f, 255f); // top: red
        Assert.InRange(TestImages.At(t, 2, 213, 112), 240f, 255f); // bottom: blue
    }

    [Fact]
    public void MissingFileThrowsFileNotFound()
    {
        var path = Path.Combine(_folder.Path, "nope.jpg");

        var error = Assert.Throws<FileNotFoundException>(() => ImageTensor.FromFile(path, new ImagePreprocessing()));

        Assert.Equal(path, error.FileName);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void MissingFolderAlsoThrowsFileNotFound()
    {
        var path = Path.Combine(_folder.Path, "no-such-folder", "cat.jpg");

        Assert.Throws<FileNotFoundException>(() => ImageTensor.FromFile(path, new ImagePreprocessing()));
    }

    [Fact]
    public void EmptyFileIsInvalidData()
    {
        var path = _folder.Write("empty.png", []);

        var error = Assert.Throws<InvalidDataException>(() => ImageTensor.FromFile(path, new ImagePreprocessing()));

        Assert.Contains($"image file '{path}'", error.Message);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void TextFileIsInvalidData()
    {
        var path = _folder.Write("notes.jpg", "just some text, not a picture\n"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => ImageTensor.FromFile(path, new ImagePreprocessing()));

        Assert.Contains($"image file '{path}'", error.Message);
        Assert.Contains("not a JPEG, PNG, WebP, GIF, BMP, ICO or WBMP image", error.Message);
    }

    [Fact]
    public void CorruptBytesAreInvalidData()
    {
        // A PNG signature followed by garbage.
        byte[] bytes = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, .. Enumerable.Repeat((byte)0xAB, 200)];
        var path = _folder.Write("corrupt.png", bytes);

        var error = Assert.Throws<InvalidDataException>(() => ImageTensor.FromFile(path, new ImagePreprocessing()));

        Assert.Contains(path, error.Message);
        Assert.Throws<InvalidDataException>(() => ImageTensor.FromBytes(bytes, new ImagePreprocessing()));
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    public void TruncatedImageIsInvalidData(SKEncodedImageFormat format)
    {
        var full = TestImages.Encode(TestImages.Gradient(), 300, 200, format, 90);
        var path = _folder.Write("truncated." + format.ToString().ToLowerInvariant(), full[..(full.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => ImageTensor.FromFile(path, new ImagePreprocessing()));

        Assert.Contains(path, error.Message);
        Assert.Contains("300×200", error.Message);
    }

    [Fact]
    public void StreamErrorsNameTheStream()
    {
        using var stream = new MemoryStream("text"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => ImageTensor.FromStream(stream, new ImagePreprocessing()));

        Assert.Contains("the image stream", error.Message);
        Assert.Contains("the encoded image bytes", Assert.Throws<InvalidDataException>(() => ImageTensor.FromBytes([], new ImagePreprocessing())).Message);
    }

    [Fact]
    public void OnePixelPngWorks()
    {
        var t = ImageTensor.FromBytes(TestImages.Encode([0, 128, 255, 255], 1, 1, SKEncodedImageFormat.Png), new ImagePreprocessing());

        Assert.Equal([1L, 3, 224, 224], t.Shape);
        Assert.Equal((0f - 0.485f) / 0.229f, t.Data[0], 5);
        Assert.Equal(((128f / 255f) - 0.456f) / 0.224f, t.Data[224 * 224], 5);
        Assert.Equal((1f - 0.406f) / 0.225f, t.Data[^1], 5);
    }
}
