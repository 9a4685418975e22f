using System.Text.RegularExpressions;
using ScottPlot;
using SkiaSharp;

namespace Accelerate.Results;

/// <summary>The report's charts, drawn with ScottPlot and returned as inline SVG (no XML declaration, ids made unique).</summary>
internal static partial class Charts
{
    private const int Height = 440;

    // A sans-serif family that Skia finds here: it measures the text, and the SVG names it (with a generic fallback).
    private static readonly string? FontName = new[] { "DejaVu Sans", "Liberation Sans", "Arial", "Helvetica", "Segoe UI", "Noto Sans" }
        .FirstOrDefault(name => SKFontManager.Default.MatchFamily(name) is not null);

    /// <summary>Median latency per case as bars (with the baseline's median beside it when there is one), with p90 as the error bar.</summary>
    public static string Latency(string id, string title, IReadOnlyList<BenchmarkCase> cases, Func<CaseKey, BenchmarkCase?> baselineOf)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var haveBaseline = cases.Any(c => baselineOf(c.Key) is not null);
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var center = i * (haveBaseline ? 3 : 1.5);
            if (haveBaseline && baselineOf(c.Key) is { } b)
            {
                bars.Add(new Bar { Position = center - 0.5, Value = b.MedianNs / 1e6, FillColor = Colors.Gray.WithAlpha(0.6), LineWidth = 0, Label = Format.Latency(b.MedianNs) });
            }

            bars.Add(new Bar
            {
                Position = haveBaseline ? center + 0.5 : center,
                Value = c.MedianNs / 1e6,
                // Up to p90 only. ScottPlot draws the error line with the bar's LineWidth (0 draws nothing), so the
                // outline gets a width and the fill's colour.
                Error = Math.Max(0, (c.P90Ns - c.MedianNs) / 1e6),
                ErrorPositive = true,
                ErrorNegative = false,
                ErrorSize = 0.3,
                FillColor = palette.GetColor(0),
                LineColor = Colors.Black,
                LineWidth = 1.5f,
                Label = Format.Latency(c.MedianNs),
            });
            ticks.Add(new Tick(center, TickLabel(c.Key), isMajor: true));
        }

        Style(plot.Add.Bars(bars));
        Finish(plot, title, "median latency (ms)", ticks);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "this run", FillColor = palette.GetColor(0) });
        if (haveBaseline)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "baseline", FillColor = Colors.Gray.WithAlpha(0.6) });
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        return Svg(plot, id, WidthFor(cases.Count * (haveBaseline ? 2 : 1)));
    }

    /// <summary>Allocated bytes per call as bars, KiB.</summary>
    public static string Allocations(string id, string title, IReadOnlyList<BenchmarkCase> cases)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        for (var i = 0; i < cases.Count; i++)
        {
            bars.Add(new Bar
            {
                Position = i,
                Value = (cases[i].AllocatedBytesPerOp ?? 0) / 1024.0,
                FillColor = palette.GetColor(2),
                LineWidth = 0,
                Label = Format.Bytes(cases[i].AllocatedBytesPerOp),
            });
            ticks.Add(new Tick(i, TickLabel(cases[i].Key), isMajor: true));
        }

        Style(plot.Add.Bars(bars));
        Finish(plot, title, "allocated per call (KiB)", ticks);
        plot.Axes.Margins(bottom: 0);
        return Svg(plot, id, WidthFor(cases.Count));
    }

    /// <summary>Each case's median latency across runs, one line per case.</summary>
    public static string Trend(string id, string title, IReadOnlyList<CaseKey> keys, IReadOnlyList<TrendPoint> trend)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var k = 0; k < keys.Count; k++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (var i = 0; i < trend.Count; i++)
            {
                if (trend[i].Cases.FirstOrDefault(c => c.Key == keys[k]) is { } c)
                {
                    xs.Add(i);
                    ys.Add(c.MedianNs / 1e6);
                }
            }

            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), palette.GetColor(k % palette.Colors.Length));
            line.LegendText = Format.CaseLabel(keys[k]);
            line.MarkerSize = 6;
            line.LineWidth = 2;
        }

        // At most about eight labelled runs; the newest always.
        var every = Math.Max(1, (int)Math.Ceiling(trend.Count / 8.0));
        var ticks = trend.Select((p, i) => (p, i))
            .Where(x => (trend.Count - 1 - x.i) % every == 0)
            .Select(x => new Tick(x.i, Format.RunLabel(x.p.Run), isMajor: true))
            .ToList();
        Finish(plot, title, "median latency (ms)", ticks);
        plot.Axes.SetLimitsX(-0.5, Math.Max(0.5, trend.Count - 0.5));
        plot.ShowLegend(Alignment.UpperLeft);
        return Svg(plot, id, 900);
    }

    private static void Finish(Plot plot, string title, string yLabel, List<Tick> ticks)
    {
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
        if (FontName is not null)
        {
            plot.Font.Set(FontName);
            plot.Legend.FontName = FontName;
        }
    }

    private static void Style(ScottPlot.Plottables.BarPlot bars)
    {
        bars.ValueLabelStyle.FontSize = 11;
        if (FontName is not null)
        {
            bars.ValueLabelStyle.FontName = FontName;
        }
    }

    /// <summary>A case's tick label on three short lines: <c>cpu fp32</c> / <c>b=1 seq=128</c> / <c>t=2</c>.</summary>
    private static string TickLabel(CaseKey key) => $"{key.Backend} {key.Precision}\nb={key.Batch} {key.Shape}\nt={key.Threads}";

    private static int WidthFor(int bars) => Math.Clamp(160 + (bars * 70), 600, 2400);

    private static string Svg(Plot plot, string id, int width)
    {
        var svg = plot.GetSvgXml(width, Height);
        svg = FontFamily().Replace(svg, m => $"font-family=\"{m.Groups[1].Value}, sans-serif\"");

        // Inline: drop the XML declaration, and prefix every id (and reference to it) so that several charts in one
        // page cannot resolve each other's clip paths.
        svg = XmlDeclaration().Replace(svg, "");
        var ids = IdAttribute().Matches(svg).Select(m => m.Groups[1].Value).Distinct().ToArray();
        foreach (var old in ids)
        {
            var fresh = id + "-" + old;
            svg = svg.Replace($"id=\"{old}\"", $"id=\"{fresh}\"", StringComparison.Ordinal)
                .Replace($"url(#{old})", $"url(#{fresh})", StringComparison.Ordinal)
                .Replace($"href=\"#{old}\"", $"href=\"#{fresh}\"", StringComparison.Ordinal);
        }

        return svg.Trim();
    }

    [GeneratedRegex(@"^\s*<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();

    [GeneratedRegex("font-family=\"([^\",]+)\"")]
    private static partial Regex FontFamily();

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();
}
