using NetTopologySuite.Geometries;

namespace Accelerate.Imaging.Internal.Ocr;

/// <summary>
/// PaddleOCR's DB post-processing (DBPostProcess.boxes_from_bitmap, score mode "fast", box type "quad") and the
/// filtering and ordering of predict_det (filter_tag_det_res, sorted_boxes): probability map → text boxes in the
/// original image's pixels, top to bottom, then left to right.
/// </summary>
internal static class DbPostProcess
{
    private const int MinSize = 3;

    /// <summary>The boxes of one probability map of <paramref name="width"/> × <paramref name="height"/>, scaled to an image of <paramref name="imageWidth"/> × <paramref name="imageHeight"/>.</summary>
    public static List<(OcrPoint[] Box, float Score)> Boxes(ReadOnlySpan<float> map, int width, int height, int imageWidth, int imageHeight, OcrOptions options)
    {
        var on = new bool[map.Length];
        for (var i = 0; i < map.Length; i++) on[i] = map[i] > options.DetectionThreshold;

        var boxes = new List<(OcrPoint[] Box, float Score)>();
        foreach (var region in TextRegions.Find(on, width, height, options.MaxCandidates))
        {
            if (Quad.MinimumBox(region.Select(p => new Coordinate(p.X, p.Y)).ToArray()) is not { } mini || mini.ShortSide < MinSize) continue;
            var score = Quad.Score(map, width, height, mini.Box);
            if (options.BoxThreshold > score) continue;
            var grown = Quad.Unclip(mini.Box, options.UnclipRatio);
            if (grown.Length == 0 || Quad.MinimumBox(grown) is not { } box || box.ShortSide < MinSize + 2) continue;
            var scaled = box.Box.Select(p => new OcrPoint(
                Math.Clamp(MathF.Round(p.X / width * imageWidth, MidpointRounding.ToEven), 0, imageWidth),
                Math.Clamp(MathF.Round(p.Y / height * imageHeight, MidpointRounding.ToEven), 0, imageHeight))).ToArray();
            boxes.Add((scaled, score));
        }
        return Sort(Filter(boxes, imageWidth, imageHeight));
    }

    // filter_tag_det_res: corners clockwise from the top-left, clipped into the image, boxes of 3 px or less dropped.
    private static List<(OcrPoint[] Box, float Score)> Filter(List<(OcrPoint[] Box, float Score)> boxes, int imageWidth, int imageHeight)
    {
        var kept = new List<(OcrPoint[] Box, float Score)>(boxes.Count);
        foreach (var (raw, score) in boxes)
        {
            var box = Quad.OrderClockwise(raw).Select(p => new OcrPoint(
                (int)Math.Min(Math.Max(p.X, 0), imageWidth - 1), (int)Math.Min(Math.Max(p.Y, 0), imageHeight - 1))).ToArray();
            if ((int)Quad.Distance(box[0], box[1]) <= 3 || (int)Quad.Distance(box[0], box[3]) <= 3) continue;
            kept.Add((box, score));
        }
        return kept;
    }

    // sorted_boxes: by the top-left corner's (y, x); then boxes whose tops are within 10 px move left to right.
    private static List<(OcrPoint[] Box, float Score)> Sort(List<(OcrPoint[] Box, float Score)> boxes)
    {
        var sorted = boxes.OrderBy(b => b.Box[0].Y).ThenBy(b => b.Box[0].X).ToList();
        for (var i = 0; i < sorted.Count - 1; i++)
        {
            for (var j = i; j >= 0; j--)
            {
                if (Math.Abs(sorted[j + 1].Box[0].Y - sorted[j].Box[0].Y) < 10 && sorted[j + 1].Box[0].X < sorted[j].Box[0].X)
                {
                    (sorted[j], sorted[j + 1]) = (sorted[j + 1], sorted[j]);
                }
                else
                {
                    break;
                }
            }
        }
        return sorted;
    }
}
