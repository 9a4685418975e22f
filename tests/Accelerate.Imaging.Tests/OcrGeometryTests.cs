using Accelerate.Imaging.Internal;
using Accelerate.Imaging.Internal.Ocr;
using NetTopologySuite.Geometries;

namespace Accelerate.Imaging.Tests;

/// <summary>The small pieces of the OCR pipeline on hand-made inputs with known answers.</summary>
public sealed class OcrGeometryTests
{
    [Fact]
    public void RegionsAreEightConnectedComponentsWithTheirRowExtremes()
    {
        // Two blobs: a 3×2 block at (1..3, 1..2) with a diagonal neighbour at (4, 3), and a single row at (7..8, 5).
        const int w = 10, h = 7;
        var on = new bool[w * h];
        foreach (var (x, y) in new[] { (1, 1), (2, 1), (3, 1), (1, 2), (2, 2), (3, 2), (4, 3), (7, 5), (8, 5) }) on[(y * w) + x] = true;
        var regions = TextRegions.Find(on, w, h, max: 10);
        Assert.Equal(2, regions.Count);
        Assert.Equal([(1, 1), (3, 1), (1, 2), (3, 2), (4, 3)], regions[0]);
        Assert.Equal([(7, 5), (8, 5)], regions[1]);
        Assert.Single(TextRegions.Find(on, w, h, max: 1));
    }

    [Fact]
    public void MinimumBoxOfAnAxisAlignedBlockIsItsPixelCentresInGetMiniBoxesOrder()
    {
        var points = new[] { new Coordinate(10, 5), new Coordinate(30, 5), new Coordinate(30, 15), new Coordinate(10, 15), new Coordinate(20, 10) };
        var (box, shortSide) = Quad.MinimumBox(points)!.Value;
        Assert.Equal([new OcrPoint(10, 5), new OcrPoint(30, 5), new OcrPoint(30, 15), new OcrPoint(10, 15)], box);
        Assert.Equal(10, shortSide, 6);
        Assert.Null(Quad.MinimumBox([new Coordinate(0, 0), new Coordinate(1, 1), new Coordinate(2, 2)])); // collinear: no area
    }

    [Fact]
    public void MinimumBoxOfARotatedRectangleFollowsItsTilt()
    {
        // A 40×10 rectangle turned by 30° about (50, 50).
        var angle = Math.PI / 6;
        var corners = new[] { (-20.0, -5.0), (20.0, -5.0), (20.0, 5.0), (-20.0, 5.0) }
            .Select(c => new Coordinate(50 + (c.Item1 * Math.Cos(angle)) - (c.Item2 * Math.Sin(angle)), 50 + (c.Item1 * Math.Sin(angle)) + (c.Item2 * Math.Cos(angle)))).ToArray();
        var (box, shortSide) = Quad.MinimumBox(corners)!.Value;
        Assert.Equal(10, shortSide, 4);
        Assert.Equal(40, Quad.Distance(box[0], box[1]), 3);
        Assert.True(box[0].X < box[1].X && box[3].X < box[2].X, "left corners first and last");
    }

    [Fact]
    public void UnclipGrowsEachSideByAreaTimesRatioOverPerimeter()
    {
        // 100×20: distance = 2000 × 1.5 / 240 = 12.5; the minimum box of the grown polygon is 125×45.
        OcrPoint[] box = [new(0, 0), new(100, 0), new(100, 20), new(0, 20)];
        var grown = Quad.Unclip(box, 1.5);
        var (result, shortSide) = Quad.MinimumBox(grown)!.Value;
        Assert.Equal(45, shortSide, 1);
        Assert.Equal(125, Quad.Distance(result[0], result[1]), 1);
        Assert.Equal(-12.5, result[0].X, 1);
    }

    [Fact]
    public void BoxScoreIsTheMeanInsideTheBoxEdgesIncluded()
    {
        const int w = 8, h = 6;
        var map = new float[w * h];
        for (var y = 1; y <= 3; y++) for (var x = 2; x <= 5; x++) map[(y * w) + x] = 1f;
        Assert.Equal(1f, Quad.Score(map, w, h, [new(2, 1), new(5, 1), new(5, 3), new(2, 3)]));
        // One column more on each side holds zeros: 12 of the 6 × 3 pixels are 1.
        Assert.Equal(2f / 3f, Quad.Score(map, w, h, [new(1, 1), new(6, 1), new(6, 3), new(1, 3)]), 6);
    }

    [Fact]
    public void CornersAreOrderedClockwiseFromTheTopLeft()
    {
        OcrPoint[] shuffled = [new(30, 15), new(10, 5), new(10, 15), new(30, 5)];
        Assert.Equal([new OcrPoint(10, 5), new OcrPoint(30, 5), new OcrPoint(30, 15), new OcrPoint(10, 15)], Quad.OrderClockwise(shuffled));
    }

    [Fact]
    public void HomographyTakesTheFourCornersOntoTheirTargets()
    {
        OcrPoint[] from = [new(12, 7), new(95, 20), new(90, 48), new(8, 33)];
        OcrPoint[] to = [new(0, 0), new(80, 0), new(80, 28), new(0, 28)];
        var m = Homography.Solve(from, to);
        for (var i = 0; i < 4; i++)
        {
            var p = Homography.Apply(m, from[i]);
            Assert.Equal(to[i].X, p.X, 3);
            Assert.Equal(to[i].Y, p.Y, 3);
        }
    }

    [Fact]
    public void CropOfAnAxisAlignedBoxIsThePixelsInside()
    {
        // 20×10 image, pixel value = x + 10·y in red; the box (4,2)-(12,6) is cut to 8×4 without resampling error.
        var pixels = new byte[4 * 20 * 10];
        for (var y = 0; y < 10; y++) for (var x = 0; x < 20; x++) { pixels[4 * ((y * 20) + x)] = (byte)(x + (10 * y)); pixels[(4 * ((y * 20) + x)) + 3] = 255; }
        var crop = LineCrop.Cut(new RgbaImage(pixels, 20, 10), [new(4, 2), new(12, 2), new(12, 6), new(4, 6)]);
        Assert.Equal((8, 4), (crop.Width, crop.Height));
        Assert.Equal(4 + 20, crop.Pixels[0]);
        Assert.Equal(11 + 50, crop.Pixels[4 * ((3 * 8) + 7)]);
    }

    [Fact]
    public void TallCropsTurnCounterClockwiseAndFlipsTurnHalfWay()
    {
        // A 2×3 image 1..6 row by row; np.rot90 gives [[2,4,6],[1,3,5]].
        var image = new RgbaImage(Enumerable.Range(1, 6).SelectMany(v => new byte[] { (byte)v, 0, 0, 255 }).ToArray(), 2, 3);
        var turned = LineCrop.RotateCounterClockwise(image);
        Assert.Equal((3, 2), (turned.Width, turned.Height));
        Assert.Equal([2, 4, 6, 1, 3, 5], Enumerable.Range(0, 6).Select(i => (int)turned.Pixels[4 * i]));
        Assert.Equal([6, 5, 4, 3, 2, 1], Enumerable.Range(0, 6).Select(i => (int)LineCrop.Rotate180(image).Pixels[4 * i]));
    }

    [Fact]
    public void CtcDecodingMergesRepeatsDropsBlanksAndAveragesTheKeptSteps()
    {
        string[] characters = ["a", "b", " "]; // classes: blank, a, b, space
        float[] steps =
        [
            0.1f, 0.8f, 0.05f, 0.05f, // a
            0.1f, 0.6f, 0.2f, 0.1f,   // a (repeat, merged)
            0.9f, 0.05f, 0.0f, 0.05f, // blank
            0.1f, 0.7f, 0.1f, 0.1f,   // a (after a blank: kept)
            0.0f, 0.1f, 0.1f, 0.8f,   // space
            0.0f, 0.1f, 0.9f, 0.0f,   // b
        ];
        var (text, score) = CtcDecoder.Decode(steps, 6, 4, characters);
        Assert.Equal("aa b", text);
        Assert.Equal((0.8f + 0.7f + 0.8f + 0.9f) / 4, score, 5);
        Assert.Equal(("", 0f), CtcDecoder.Decode(new float[] { 1, 0, 0, 0 }, 1, 4, characters));
        Assert.Equal(["x", "y", " "], CtcDecoder.Characters(["x\r", "y"]));
    }

    [Fact]
    public void DetectionSizeFollowsPaddleOcrsLimitTypeMax()
    {
        Assert.Equal((480, 224), OcrPipeline.DetectionSize(480, 224, 960));
        Assert.Equal((960, 544), OcrPipeline.DetectionSize(1920, 1080, 960)); // 540 → round(16.875) × 32
        Assert.Equal((32, 32), OcrPipeline.DetectionSize(10, 5, 960));
        Assert.Equal((416, 64), OcrPipeline.DetectionSize(401, 80, 960)); // 401 / 32 = 12.53 → 13; 80 / 32 = 2.5 → 2 (Python rounds half to even)
    }
}
