namespace Accelerate.Imaging.Internal.Ocr;

/// <summary>
/// The regions of a binary map: 8-connected components of "on" pixels, each as the leftmost and rightmost pixel of
/// each of its rows. PaddleOCR takes cv2.findContours (RETR_LIST) of the map and then only the minimum-area rectangle of
/// each contour, which depends on the contour's convex hull alone; the row extremes of a component have the same hull as
/// its outer contour, so this gives the same rectangles without an OpenCV dependency (SkiaSharp and NetTopologySuite have
/// no contour finder). Differences: holes inside a component (RETR_LIST also lists them) give no region of their own —
/// text regions of a DB map are solid; and regions come in raster order of their first pixel, not OpenCV's order (the
/// boxes are sorted afterwards anyway).
/// </summary>
internal static class TextRegions
{
    /// <summary>The regions of <paramref name="on"/> (row-major, <paramref name="width"/> × <paramref name="height"/>), at most <paramref name="max"/>.</summary>
    /// <returns>Per region, its hull candidates: (x, y) pixel coordinates, two per row (one when the row has a single pixel).</returns>
    public static List<(int X, int Y)[]> Find(ReadOnlySpan<bool> on, int width, int height, int max)
    {
        if (on.Length != width * height) throw new ArgumentException($"A {width}×{height} map has {width * height} pixels, not {on.Length}.", nameof(on));
        var regions = new List<(int X, int Y)[]>();
        var seen = new bool[on.Length];
        var rowMin = new int[height];
        var rowMax = new int[height];
        var stack = new Stack<int>();
        for (var start = 0; start < on.Length && regions.Count < max; start++)
        {
            if (!on[start] || seen[start]) continue;
            int top = start / width, bottom = top;
            rowMin[top] = int.MaxValue;
            rowMax[top] = int.MinValue;
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var p = stack.Pop();
                int x = p % width, y = p / width;
                if (y > bottom)
                {
                    for (var r = bottom + 1; r <= y; r++) { rowMin[r] = int.MaxValue; rowMax[r] = int.MinValue; }
                    bottom = y;
                }
                if (x < rowMin[y]) rowMin[y] = x;
                if (x > rowMax[y]) rowMax[y] = x;
                for (var dy = -1; dy <= 1; dy++)
                {
                    var ny = y + dy;
                    if ((uint)ny >= (uint)height) continue;
                    for (var dx = -1; dx <= 1; dx++)
                    {
                        var nx = x + dx;
                        if ((uint)nx >= (uint)width) continue;
                        var n = (ny * width) + nx;
                        if (on[n] && !seen[n])
                        {
                            seen[n] = true;
                            stack.Push(n);
                        }
                    }
                }
            }
            // A component's rows are contiguous (8-connected) and none lies above its first pixel's row.
            var points = new List<(int X, int Y)>(2 * (bottom - top + 1));
            for (var r = top; r <= bottom; r++)
            {
                if (rowMin[r] > rowMax[r]) continue;
                points.Add((rowMin[r], r));
                if (rowMax[r] != rowMin[r]) points.Add((rowMax[r], r));
            }
            regions.Add(points.ToArray());
        }
        return regions;
    }
}
