using System.Text.RegularExpressions;
using ScottPlot;

namespace Accelerate.Results;

/// <summary>The report's charts, drawn with ScottPlot and returned as inline SVG (no XML declaration, ids made unique).</summary>
internal static partial class Charts
{
    private const int Width = 900;
    private const int Height = 420;

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
                bars.Add(new Bar { Position = center - 0.5, Value = b.MedianNs / 1e6, FillColor = Colors.Gray.WithAlpha(0.6), LineWidth = 0 });
            }

            bars.Add(new Bar
            {
                Position = haveBaseline ? center + 0.5 : center,
                Value = c.MedianNs / 1e6,
                Error = Math.Max(0, (c.P90Ns - c.MedianNs) / 1e6),
                FillColor = palette.GetColor(0),
                LineWidth = 0,
            });
            ticks.Add(new Tick(center, Format.CaseLabel(c.Key), isMajor: true));
        }

        plot.Add.Bars(bars);
        Finish(plot, title, "median latency (ms), error bar to p90", ticks);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = "this run", FillColor = palette.GetColor(0) });
        if (haveBaseline)
        {
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = "baseline", FillColor = Colors.Gray.WithAlpha(0.6) });
        }

        plot.ShowLegend(Alignment.UpperLeft);
        plot.Axes.Margins(bottom: 0);
        return Svg(plot, id);
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
            bars.Add(new Bar { Position = i, Value = (cases[i].AllocatedBytesPerOp ?? 0) / 1024.0, FillColor = palette.GetColor(2), LineWidth = 0 });
            ticks.Add(new Tick(i, Format.CaseLabel(cases[i].Key), isMajor: true));
        }

        plot.Add.Bars(bars);
        Finish(plot, title, "allocated per call (KiB)", ticks);
        plot.Axes.Margins(bottom: 0);
        return Svg(plot, id);
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

        var ticks = trend.Select((p, i) => new Tick(i, Format.RunLabel(p.Run), isMajor: true)).ToList();
        Finish(plot, title, "median latency (ms)", ticks);
        plot.ShowLegend(Alignment.UpperLeft);
        return Svg(plot, id);
    }

    private static void Finish(Plot plot, string title, string yLabel, List<Tick> ticks)
    {
        plot.Title(title);
        plot.YLabel(yLabel);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 150;
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
    }

    private static string Svg(Plot plot, string id)
    {
        var svg = plot.GetSvgXml(Width, Height);

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

    [GeneratedRegex("\\bid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();
}
