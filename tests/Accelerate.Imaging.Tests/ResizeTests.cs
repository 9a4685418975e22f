using Accelerate.Imaging.Internal;
using Accelerate.Imaging.Tests.Support;

namespace Accelerate.Imaging.Tests;

public sealed class ResizeTests
{
    private static readonly float[] Red = [(1f - 0.485f) / 0.229f, (0f - 0.456f) / 0.224f, (0f - 0.406f) / 0.225f];
    private static readonly float[] Green = [(0f - 0.485f) / 0.229f, (1f - 0.456f) / 0.224f, (0f - 0.406f) / 0.225f];
    private static readonly float[] Blue = [(0f - 0.485f) / 0.229f, (0f - 0.456f) / 0.224f, (1f - 0.406f) / 0.225f];

    private static void AssertColour(float[] expected, Accelerate.Runtime.TensorBuffer<float> t, int y, int x)
    {
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(expected[c], TestImages.At(t, c, y, x), 4);
        }
    }

    [Theory]
    [InlineData(300, 200, 384, 256, 80, 16)]   // landscape: shorter side 256, longer int(256 · 300 / 200)
    [InlineData(200, 300, 256, 384, 16, 80)]   // portrait
    [InlineData(640, 480, 341, 256, 58, 16)]   // int(341.33) = 341; round(58.5) = 58 (half to even)
    [InlineData(1, 1, 256, 256, 16, 16)]
    [InlineData(10000, 1, 2560000, 256, 1279888, 16)]
    public void ShorterSidePlanMatchesTorchvision(int width, int height, int resizedW, int resizedH, int left, int top)
    {
        Assert.Equal((resizedW, resizedH, left, top), Resampler.Plan(width, height, new ImagePreprocessing()));
    }

    [Fact]
    public void StretchPlanIgnoresTheAspectRatio()
    {
        Assert.Equal((224, 224, 0, 0), Resampler.Plan(640, 480, new ImagePreprocessing { Resize = ResizeMode.Stretch, ResizeShorterSide = 999 }));
    }

    [Fact]
    public void RedLeftBlueRightKeepsItsHalvesThroughTheCentreCrop()
    {
        // 400×200 → 512×256, crop x ∈ [144, 368): the colour boundary (x = 256) lands at crop column 112.
        var rgba = TestImages.Rgba(400, 200, (x, _) => x < 200 ? ((byte)255, (byte)0, (byte)0, (byte)255) : ((byte)0, (byte)0, (byte)255, (byte)255));

        var crop = ImageTensor.FromPixels(rgba, 400, 200, new ImagePreprocessing());
        var stretch = ImageTensor.FromPixels(rgba, 400, 200, new ImagePreprocessing { Resize = ResizeMode.Stretch });

        Assert.Equal([1L, 3, 224, 224], crop.Shape);
        Assert.Equal([1L, 3, 224, 224], stretch.Shape);
        foreach (var t in new[] { crop, stretch })
        {
            AssertColour(Red, t, 0, 0);
            AssertColour(Red, t, 112, 100);
            AssertColour(Red, t, 223, 110);
            AssertColour(Blue, t, 0, 114);
            AssertColour(Blue, t, 112, 200);
            AssertColour(Blue, t, 223, 223);
        }
    }

    [Fact]
    public void CentreCropSeesOnlyTheMiddleThirdWhileStretchSeesAllThree()
    {
        // 600×200 in thirds red | green | blue → 768×256; the crop x ∈ [272, 496) lies inside the green third [256, 512).
        var rgba = TestImages.Rgba(600, 200, (x, _) => x switch
        {
            < 200 => ((byte)255, (byte)0, (byte)0, (byte)255),
            < 400 => ((byte)0, (byte)255, (byte)0, (byte)255),
            _ => ((byte)0, (byte)0, (byte)255, (byte)255),
        });

        var crop = ImageTensor.FromPixels(rgba, 600, 200, new ImagePreprocessing());
        var stretch = ImageTensor.FromPixels(rgba, 600, 200, new ImagePreprocessing { Resize = ResizeMode.Stretch });

        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(Green[c], TestImages.ChannelMean(crop, c), 4);
        }

        AssertColour(Red, stretch, 112, 10);
        AssertColour(Green, stretch, 112, 112);
        AssertColour(Blue, stretch, 112, 213);
        Assert.Equal(Red[0], TestImages.At(stretch, 0, 0, 0), 4);
    }

    [Fact]
    public void NonSquareOutputs()
    {
        var rgba = TestImages.Gradient();

        Assert.Equal([1L, 3, 160, 320], ImageTensor.FromPixels(rgba, 300, 200, new ImagePreprocessing { Width = 320, Height = 160, Resize = ResizeMode.Stretch }).Shape);
        Assert.Equal([1L, 160, 320, 3], ImageTensor.FromPixels(rgba, 300, 200, new ImagePreprocessing { Width = 320, Height = 160, Layout = "NHWC" }).Shape);
    }

    [Fact]
    public void CropLargerThanTheResizedImageIsPaddedWithBlackLikeTorchvision()
    {
        // A 2×2 white image kept at 2×2, cropped to 4×4: one black pixel of padding on each side.
        var white = TestImages.Rgba(2, 2, (_, _) => (255, 255, 255, 255));
        var t = ImageTensor.FromPixels(white, 2, 2, TestImages.Identity with { Width = 4, Height = 4, Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterSide = 2 });

        float[] plane = [0, 0, 0, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 0, 0, 0];
        Assert.Equal([.. plane, .. plane, .. plane], t.Data);

        // Odd padding puts the extra pixel on the right: torchvision pads (1, 2) around a 1-wide image cropped to 4.
        var one = ImageTensor.FromPixels([9, 9, 9, 255], 1, 1, TestImages.Identity with { Width = 4, Height = 1, Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterSide = 1 });
        Assert.Equal([0f, 9f, 0f, 0f], one.Data[..4]);
    }

    [Fact]
    public void ResampledImageSmallerThanTheCropIsPaddedToo()
    {
        // 4×4 white, shorter side 2 (a real downscale) and a 4×4 crop: the 2×2 white centre is framed by black.
        var white = TestImages.Rgba(4, 4, (_, _) => (255, 255, 255, 255));
        var t = ImageTensor.FromPixels(white, 4, 4, TestImages.Identity with { Width = 4, Height = 4, Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterSide = 2 });

        float[] plane = [0, 0, 0, 0, 0, 255, 255, 0, 0, 255, 255, 0, 0, 0, 0, 0];
        Assert.Equal([.. plane, .. plane, .. plane], t.Data);
    }

    [Fact]
    public void RenderingOnlyTheCropEqualsScalingEverythingThenCropping()
    {
        var rgba = TestImages.Rgba(300, 200, (x, y) => ((byte)((x * 7) + (y * 3)), (byte)(x ^ y), (byte)(x * y), 255));
        var (w, h, left, top) = Resampler.Plan(300, 200, new ImagePreprocessing());

        var window = Resampler.ResizeAndCrop(new RgbaImage((byte[])rgba.Clone(), 300, 200), w, h, left, top, 224, 224);

        using var source = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(300, 200, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque));
        System.Runtime.InteropServices.Marshal.Copy(rgba, 0, source.GetPixels(), rgba.Length);
        using var full = new SkiaSharp.SKBitmap(new SkiaSharp.SKImageInfo(w, h, SkiaSharp.SKColorType.Rgba8888, SkiaSharp.SKAlphaType.Opaque));
        Assert.True(source.ScalePixels(full, Resampler.Sampling));
        var scaled = full.Bytes;
        var differences = 0;
        for (var y = 0; y < 224; y++)
        {
            for (var x = 0; x < 224 * 4; x++)
            {
                differences += Math.Abs(window.Pixels[(y * 224 * 4) + x] - scaled[((y + top) * w * 4) + (left * 4) + x]) > 0 ? 1 : 0;
            }
        }

        Assert.Equal(0, differences);
    }

    [Fact]
    public void DownscalingIsAntialiased()
    {
        // A one-pixel checkerboard: a point-sampling resize would give 0s and 255s (or moiré); an antialiased one, grey.
        var board = TestImages.Rgba(1000, 1000, (x, y) => ((x + y) % 2 == 0) ? ((byte)255, (byte)255, (byte)255, (byte)255) : ((byte)0, (byte)0, (byte)0, (byte)255));

        var t = ImageTensor.FromPixels(board, 1000, 1000, TestImages.Identity with { Width = 224, Height = 224 });

        Assert.All(t.Data, v => Assert.InRange(v, 120f, 135f));
    }

    [Fact]
    public void TranslucentPixelsKeepTheirColour()
    {
        // Alpha is dropped, not multiplied in: a half-transparent red resized stays full red (PIL convert("RGB") semantics).
        var rgba = TestImages.Rgba(8, 8, (_, _) => (255, 0, 0, 64));

        var t = ImageTensor.FromPixels(rgba, 8, 8, TestImages.Identity with { Width = 3, Height = 3 });

        Assert.All(t.Data[..9], v => Assert.Equal(255f, v));
        Assert.All(t.Data[9..], v => Assert.Equal(0f, v));
    }
}
