using Accelerate.Imaging.Tests.Support;

namespace Accelerate.Imaging.Tests;

public sealed class FromPixelsTests
{
    // 2×2: row 0 = (10,20,30,255) (40,50,60,128); row 1 = (70,80,90,0) (250,0,255,255). Alpha must be ignored.
    private static readonly byte[] TwoByTwo = [10, 20, 30, 255, 40, 50, 60, 128, 70, 80, 90, 0, 250, 0, 255, 255];

    private static float Norm(byte v, int c, ImagePreprocessing p) => ((v * p.Scale) - p.Mean[c]) / p.Std[c];

    [Fact]
    public void TwoByTwoNchwHasExactImageNetValues()
    {
        var p = new ImagePreprocessing { Width = 2, Height = 2, Resize = ResizeMode.Stretch };

        var t = ImageTensor.FromPixels(TwoByTwo, 2, 2, p);

        Assert.Equal([1L, 3, 2, 2], t.Shape);
        float[] expected =
        [
            Norm(10, 0, p), Norm(40, 0, p), Norm(70, 0, p), Norm(250, 0, p),
            Norm(20, 1, p), Norm(50, 1, p), Norm(80, 1, p), Norm(0, 1, p),
            Norm(30, 2, p), Norm(60, 2, p), Norm(90, 2, p), Norm(255, 2, p),
        ];
        Assert.Equal(expected, t.Data);

        // Spot-check against hand-computed numbers: (10/255 - 0.485) / 0.229 and (255/255 - 0.406) / 0.225.
        Assert.Equal(-1.946656, t.Data[0], 5);
        Assert.Equal(2.64, t.Data[11], 5);
    }

    [Fact]
    public void TwoByTwoNhwcInterleavesChannels()
    {
        var p = new ImagePreprocessing { Width = 2, Height = 2, Resize = ResizeMode.Stretch, Layout = "NHWC" };

        var t = ImageTensor.FromPixels(TwoByTwo, 2, 2, p);

        Assert.Equal([1L, 2, 2, 3], t.Shape);
        float[] expected =
        [
            Norm(10, 0, p), Norm(20, 1, p), Norm(30, 2, p), Norm(40, 0, p), Norm(50, 1, p), Norm(60, 2, p),
            Norm(70, 0, p), Norm(80, 1, p), Norm(90, 2, p), Norm(250, 0, p), Norm(0, 1, p), Norm(255, 2, p),
        ];
        Assert.Equal(expected, t.Data);
    }

    [Fact]
    public void FourByThreeNchwAndNhwcAgreeElementForElement()
    {
        // Every byte distinct: R = 10·i, G = 10·i + 1, B = 10·i + 2 for pixel i = y·4 + x.
        var rgba = TestImages.Rgba(4, 3, (x, y) => ((byte)(10 * ((y * 4) + x)), (byte)((10 * ((y * 4) + x)) + 1), (byte)((10 * ((y * 4) + x)) + 2), 7));
        var p = new ImagePreprocessing { Width = 4, Height = 3, Resize = ResizeMode.Stretch, Scale = 1f, Mean = [1f, 2f, 3f], Std = [2f, 4f, 8f] };

        var nchw = ImageTensor.FromPixels(rgba, 4, 3, p);
        var nhwc = ImageTensor.FromPixels(rgba, 4, 3, p with { Layout = "nhwc" });

        Assert.Equal([1L, 3, 3, 4], nchw.Shape);
        Assert.Equal([1L, 3, 4, 3], nhwc.Shape);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                var i = (y * 4) + x;
                float[] expected = [((10 * i) - 1f) / 2f, ((10 * i) + 1 - 2f) / 4f, ((10 * i) + 2 - 3f) / 8f];
                for (var c = 0; c < 3; c++)
                {
                    Assert.Equal(expected[c], nchw.Data[(c * 12) + i]);
                    Assert.Equal(expected[c], nhwc.Data[(i * 3) + c]);
                }
            }
        }

        // Pixel (x=3, y=2), i = 11: R = 110 → (110 - 1) / 2.
        Assert.Equal(54.5f, nchw.Data[11]);
    }

    [Fact]
    public void BgrSwapsChannelsAndAppliesMeanInOutputOrder()
    {
        var p = TestImages.Identity with { Width = 2, Height = 2, Bgr = true, Mean = [100f, 0f, 0f] };

        var t = ImageTensor.FromPixels(TwoByTwo, 2, 2, p);

        Assert.Equal([30f - 100f, 60f - 100f, 90f - 100f, 255f - 100f], t.Data[..4]); // channel 0 = blue
        Assert.Equal([20f, 50f, 80f, 0f], t.Data[4..8]);
        Assert.Equal([10f, 40f, 70f, 250f], t.Data[8..]);                             // channel 2 = red
    }

    [Fact]
    public void CenterCropWithoutResizeCutsTheExactWindow()
    {
        // 4×3 → shorter side 3 keeps the size (4×3); a 2×2 crop starts at x = round(1.0) = 1 and
        // y = round(0.5) = 0 (round half to even, as torchvision's CenterCrop).
        var rgba = TestImages.Rgba(4, 3, (x, y) => ((byte)((y * 4) + x), 0, 0, 255));
        var p = TestImages.Identity with { Width = 2, Height = 2, Resize = ResizeMode.ShorterSideThenCenterCrop, ResizeShorterSide = 3 };

        var t = ImageTensor.FromPixels(rgba, 4, 3, p);

        Assert.Equal([1L, 3, 2, 2], t.Shape);
        Assert.Equal([1f, 2f, 5f, 6f], t.Data[..4]);
    }

    [Fact]
    public void MeanImageIsSubtractedPerPixel()
    {
        var p = TestImages.Identity with { Width = 2, Height = 2, MeanImage = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] };

        var t = ImageTensor.FromPixels(TwoByTwo, 2, 2, p);

        Assert.Equal([9f, 38f, 67f, 246f, 15f, 44f, 73f, -8f, 21f, 50f, 79f, 243f], t.Data);
    }

    [Fact]
    public void OnePixelImageFillsTheWholeOutput()
    {
        var t = ImageTensor.FromPixels([200, 100, 50, 255], 1, 1, TestImages.Identity with { Width = 3, Height = 2 });

        Assert.Equal([1L, 3, 2, 3], t.Shape);
        Assert.All(t.Data[..6], v => Assert.Equal(200f, v));
        Assert.All(t.Data[6..12], v => Assert.Equal(100f, v));
        Assert.All(t.Data[12..], v => Assert.Equal(50f, v));
    }

    [Fact]
    public void OnePixelImageSurvivesTheDefaultRecipe()
    {
        var t = ImageTensor.FromPixels([255, 255, 255, 255], 1, 1, new ImagePreprocessing());

        Assert.Equal([1L, 3, 224, 224], t.Shape);
        Assert.All(t.Data.AsSpan(0, 224 * 224).ToArray(), v => Assert.Equal((1f - 0.485f) / 0.229f, v, 5));
    }

    [Fact]
    public void DoesNotModifyTheCallersPixels()
    {
        var rgba = (byte[])TwoByTwo.Clone();

        _ = ImageTensor.FromPixels(rgba, 2, 2, new ImagePreprocessing());

        Assert.Equal(TwoByTwo, rgba);
    }

    [Theory]
    [InlineData(2, 2, 15, "16 bytes, not 15")]
    [InlineData(0, 2, 0, "must be positive")]
    public void WrongPixelBufferIsRejected(int width, int height, int length, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageTensor.FromPixels(new byte[length], width, height, new ImagePreprocessing()));

        Assert.Contains(message, error.Message);
    }

    private static readonly Dictionary<string, ImagePreprocessing> BadRecipes = new()
    {
        ["Width and Height must be positive"] = new() { Width = 0 },
        ["ResizeShorterSide must be positive"] = new() { ResizeShorterSide = -1 },
        ["one value per channel"] = new() { Mean = [0.5f] },
        ["non-zero"] = new() { Std = [1f, 0f, 1f] },
        ["Scale must be a finite number"] = new() { Scale = float.NaN },
        ["Layout must be \"NCHW\" or \"NHWC\", not \"CHW\""] = new() { Layout = "CHW" },
        ["MeanImage must hold 3×224×224 = 150528 values, not 5"] = new() { MeanImage = new float[5] },
        ["not a ResizeMode"] = new() { Resize = (ResizeMode)7 },
    };

    [Theory]
    [InlineData("Width and Height must be positive")]
    [InlineData("ResizeShorterSide must be positive")]
    [InlineData("one value per channel")]
    [InlineData("non-zero")]
    [InlineData("Scale must be a finite number")]
    [InlineData("Layout must be \"NCHW\" or \"NHWC\", not \"CHW\"")]
    [InlineData("MeanImage must hold 3×224×224 = 150528 values, not 5")]
    [InlineData("not a ResizeMode")]
    public void BadRecipesAreRejectedWithTheReason(string message)
    {
        var error = Assert.Throws<ArgumentException>(() => ImageTensor.FromPixels(new byte[4], 1, 1, BadRecipes[message]));

        Assert.Contains(message, error.Message);
        Assert.StartsWith("Invalid image preprocessing: ", error.Message);
    }

    [Fact]
    public void DefaultShorterSideFollowsTheTorchvisionRatio()
    {
        Assert.Equal(256, new ImagePreprocessing().EffectiveResizeShorterSide);
        Assert.Equal(439, new ImagePreprocessing { Width = 384, Height = 384 }.EffectiveResizeShorterSide); // 384 · 256 / 224 = 438.86
        Assert.Equal(366, new ImagePreprocessing { Width = 224, Height = 320 }.EffectiveResizeShorterSide); // the larger side, so the crop fits
        Assert.Equal(300, new ImagePreprocessing { ResizeShorterSide = 300 }.EffectiveResizeShorterSide);
    }
}
