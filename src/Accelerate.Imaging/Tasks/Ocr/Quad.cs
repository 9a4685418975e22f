using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Buffer;

namespace Accelerate.Imaging.Internal.Ocr;

/// <summary>
/// The box geometry of PaddleOCR's DB post-processing (ppocr/postprocess/db_postprocess.py) on NetTopologySuite:
/// minimum-area rectangles (cv2.minAreaRect + get_mini_boxes' corner order), the "unclip" offset (pyclipper with round
/// joins by area × ratio / perimeter; here NTS's buffer with round joins) and the box score (mean probability inside).
/// </summary>
internal static class Quad
{
    private static readonly GeometryFactory Factory = new();

    /// <summary>
    /// The minimum-area rectangle around <paramref name="points"/>, corners ordered as get_mini_boxes orders them
    /// (top-left, top-right, bottom-right, bottom-left for a near-horizontal box), and its shorter side; null when the
    /// points are collinear (no area).
    /// </summary>
    public static (OcrPoint[] Box, double ShortSide)? MinimumBox(IReadOnlyList<Coordinate> points)
    {
        if (points.Count < 3) return null;
        var rectangle = MinimumAreaRectangle.GetMinimumRectangle(Factory.CreateMultiPointFromCoords(points.ToArray()));
        if (rectangle is not Polygon polygon || polygon.Area <= 0) return null;
        var ring = polygon.ExteriorRing.Coordinates; // closed: 5 coordinates
        var corners = Enumerable.Range(0, 4).Select(i => new OcrPoint((float)ring[i].X, (float)ring[i].Y)).ToArray();
        var side1 = Distance(corners[0], corners[1]);
        var side2 = Distance(corners[1], corners[2]);

        // get_mini_boxes: sort by x; of the two leftmost the upper is first and the lower last; of the two rightmost
        // the upper is second and the lower third.
        var sorted = corners.OrderBy(c => c.X).ToArray(); // stable
        var (first, fourth) = sorted[1].Y > sorted[0].Y ? (sorted[0], sorted[1]) : (sorted[1], sorted[0]);
        var (second, third) = sorted[3].Y > sorted[2].Y ? (sorted[2], sorted[3]) : (sorted[3], sorted[2]);
        return ([first, second, third, fourth], Math.Min(side1, side2));
    }

    /// <summary>The polygon <paramref name="box"/> grown by area × <paramref name="ratio"/> / perimeter, with round corners; empty when it vanishes.</summary>
    public static Coordinate[] Unclip(IReadOnlyList<OcrPoint> box, double ratio)
    {
        var ring = box.Select(p => new Coordinate(p.X, p.Y)).Append(new Coordinate(box[0].X, box[0].Y)).ToArray();
        var polygon = Factory.CreatePolygon(ring);
        if (polygon.Length <= 0) return [];
        var distance = polygon.Area * ratio / polygon.Length;
        var grown = polygon.Buffer(distance, new BufferParameters(8, EndCapStyle.Round, JoinStyle.Round, 5));
        return grown is Polygon p ? p.ExteriorRing.Coordinates : grown.Coordinates;
    }

    /// <summary>
    /// box_score_fast: the mean of <paramref name="map"/> over the pixels of the box's bounding rectangle that the box
    /// (corners truncated to whole pixels, as cv2.fillPoly receives them) covers, its edges included.
    /// </summary>
    public static float Score(ReadOnlySpan<float> map, int width, int height, IReadOnlyList<OcrPoint> box)
    {
        var xmin = Math.Clamp((int)Math.Floor(box.Min(p => p.X)), 0, width - 1);
        var xmax = Math.Clamp((int)Math.Ceiling(box.Max(p => p.X)), 0, width - 1);
        var ymin = Math.Clamp((int)Math.Floor(box.Min(p => p.Y)), 0, height - 1);
        var ymax = Math.Clamp((int)Math.Ceiling(box.Max(p => p.Y)), 0, height - 1);
        Span<double> xs = stackalloc double[4];
        Span<double> ys = stackalloc double[4];
        for (var i = 0; i < 4; i++)
        {
            xs[i] = (int)box[i].X; // astype(np.int32) truncates
            ys[i] = (int)box[i].Y;
        }
        double sum = 0;
        long count = 0;
        for (var y = ymin; y <= ymax; y++)
        {
            for (var x = xmin; x <= xmax; x++)
            {
                if (!Inside(xs, ys, x, y)) continue;
                sum += map[(y * width) + x];
                count++;
            }
        }
        return count == 0 ? 0f : (float)(sum / count);
    }

    /// <summary>order_points_clockwise of PaddleOCR's predict_det: top-left (least x + y), top-right, bottom-right (most x + y), bottom-left.</summary>
    public static OcrPoint[] OrderClockwise(IReadOnlyList<OcrPoint> box)
    {
        var sums = box.Select(p => p.X + p.Y).ToArray();
        var tl = Array.IndexOf(sums, sums.Min());
        var br = Array.IndexOf(sums, sums.Max());
        if (tl == br) return box.ToArray();
        var rest = Enumerable.Range(0, 4).Where(i => i != tl && i != br).ToArray();
        var d0 = box[rest[0]].Y - box[rest[0]].X;
        var d1 = box[rest[1]].Y - box[rest[1]].X;
        var (tr, bl) = d1 < d0 ? (rest[1], rest[0]) : (rest[0], rest[1]);
        return [box[tl], box[tr], box[br], box[bl]];
    }

    public static double Distance(OcrPoint a, OcrPoint b) => Math.Sqrt(((a.X - b.X) * (a.X - b.X)) + ((a.Y - b.Y) * (a.Y - b.Y)));

    // Inside a convex quadrilateral or on its edges (every edge's cross product has one sign, or is zero).
    private static bool Inside(ReadOnlySpan<double> xs, ReadOnlySpan<double> ys, double x, double y)
    {
        bool negative = false, positive = false;
        for (var i = 0; i < 4; i++)
        {
            var j = (i + 1) % 4;
            var cross = ((xs[j] - xs[i]) * (y - ys[i])) - ((ys[j] - ys[i]) * (x - xs[i]));
            if (cross < 0) negative = true;
            else if (cross > 0) positive = true;
            if (negative && positive) return false;
        }
        return true;
    }
}
