using Accelerate.Imaging.Internal;
using Accelerate.Imaging.Tests.Support;

namespace Accelerate.Imaging.Tests;

/// <summary>ResizeMode.HeightThenPadRight: PaddleOCR's resize_norm_img (direction classifier, recogniser).</summary>
public sealed class PadRightTests
{
    private static readonly ImagePreprocessing Paddle = new()
    {
        Width = 192, Height = 48, Resize = ResizeMode.HeightThenPadRight, Scale = 1f / 255f,
        Mean = [0.5f, 0.5f, 0.5f], Std = [0.5f, 0.5f, 0.5f], Bgr = true,
    };

    [Theory]
    [InlineData(400, 60, 192)]  // ceil(48 · 400 / 60) = 320 > 192: capped
    [InlineData(100, 60, 80)]   // ceil(80.0) = 80
    [InlineData(101, 60, 81)]   // ceil(80.8) = 81
    [InlineData(60, 600, 5)]    // ceil(4.8) = 5
    [InlineData(1, 10000, 1)]   // never below one column
    public void PlanResizesToTheHeightKeepingTheAspectWithTheWidthCapped(int width, int height, int resizedW)
    {
        Assert.Equal((resizedW, 48, 0, 0), Resampler.Plan(width, height, Paddle));
    }

    [Fact]
    public void TheImageIsLeftAlignedAndTheRestIsZeroAfterNormalisation()
    {
        // 100×60 white → 80×48 white (1.0 after (v/255 − 0.5)/0.5), columns 80..191 are 0 (not −1, which black would give).
        var white = TestImages.Rgba(100, 60, (_, _) => ((byte)255, (byte)255, (byte)255, (byte)255));
        var t = ImageTensor.FromPixels(white, 100, 60, Paddle);

        Assert.Equal([1L, 3, 48, 192], t.Shape);
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(1f, TestImages.At(t, c, 0, 0), 4);
            Assert.Equal(1f, TestImages.At(t, c, 47, 79), 4);
            Assert.Equal(0f, TestImages.At(t, c, 0, 80));
            Assert.Equal(0f, TestImages.At(t, c, 47, 191));
        }
    }

    [Fact]
    public void BlackPixelsStayMinusOneAndChannelsAreBlueFirst()
    {
        // Pure red 192×48 (no resampling): BGR tensor → channel 0 (blue) −1, channel 2 (red) +1.
        var red = TestImages.Rgba(192, 48, (_, _) => ((byte)255, (byte)0, (byte)0, (byte)255));
        var t = ImageTensor.FromPixels(red, 192, 48, Paddle);

        Assert.Equal(-1f, TestImages.At(t, 0, 10, 10), 4);
        Assert.Equal(-1f, TestImages.At(t, 1, 10, 10), 4);
        Assert.Equal(1f, TestImages.At(t, 2, 10, 191), 4);
    }

    [Fact]
    public void AWideImageFillsTheWholeWidth()
    {
        var grey = TestImages.Rgba(400, 60, (_, _) => ((byte)128, (byte)128, (byte)128, (byte)255));
        var t = ImageTensor.FromPixels(grey, 400, 60, Paddle);

        Assert.Equal(((128f / 255f) - 0.5f) / 0.5f, TestImages.At(t, 1, 24, 191), 3);
    }
}
