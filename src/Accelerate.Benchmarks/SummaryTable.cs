using System.Globalization;
using Accelerate.Results;

namespace Accelerate.Benchmarks;

/// <summary>The table <see cref="BenchmarkHost.Run"/> prints at the end: one row per case, with the verdict.</summary>
internal static class SummaryTable
{
    public static void Write(TextWriter output, HostOptions options, HostOutcome outcome, TimeSpan elapsed)
    {
        var header = new[] { "Model", "Method", "Backend", "Prec", "Batch", "Shape", "Threads", "Median ms", "p99 ms", "Items/s", "Alloc B/op", "Load ms", "Verdict", "Ratio", "p", "Same-run" };
        var rows = new List<string[]>();
        var sameRun = (outcome.SameRun ?? []).ToDictionary(c => c.Key);
        foreach (var c in outcome.Comparisons)
        {
            var k = c.Key;
            var current = c.Current;
            rows.Add(
            [
                k.Model, k.Method, k.Backend, k.Precision, Invariant(k.Batch), k.Shape, Invariant(k.Threads),
                Number(current?.MedianNs / 1e6, "0.000"), Number(current?.P99Ns / 1e6, "0.000"), Number(current?.ItemsPerSecond, "0.0"),
                current?.AllocatedBytesPerOp is { } alloc ? Invariant(alloc) : "-", Number(current?.LoadTimeMs, "0"),
                c.Verdict.ToString(), Number(c.RatioOfMedians, "0.000"), Number(c.PValue, "0.0000"),
                sameRun.TryGetValue(k, out var paired) ? $"{paired.Verdict} {Number(paired.RatioOfMedians, "0.000")}" : "-",
            ]);
        }

        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Accelerate benchmarks — profile {options.Profile.Name}, {elapsed.TotalSeconds:0.0} s"));
        if (rows.Count > 0)
        {
            var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
            output.WriteLine(Line(header, widths));
            output.WriteLine(string.Join("-+-", widths.Select(w => new string('-', w))));
            foreach (var row in rows)
            {
                output.WriteLine(Line(row, widths));
            }
        }

        foreach (var (model, skipped) in outcome.Skipped)
        {
            output.WriteLine($"{model} [{skipped.Backend}]: skipped: {skipped.Reason}");
        }

        if (outcome.Failures.Count > 0)
        {
            output.WriteLine($"{outcome.Failures.Count} case(s) or suite(s) failed; the errors follow.");
        }

        if (outcome.RunId is { } runId)
        {
            output.WriteLine($"Run {runId:D} stored in {outcome.ResultsPath}");
            output.WriteLine(outcome.Baseline is { } b
                ? options.Baseline is not null
                    ? string.Create(CultureInfo.InvariantCulture, $"Baseline: run {b.Id:D} ({b.BaselineName}) of {b.StartedAt:u}; threshold {options.Threshold:P0}")
                    : string.Create(CultureInfo.InvariantCulture, $"Compared with the history of this testbed (newest earlier run {b.Id:D} of {b.StartedAt:u}); threshold {options.Threshold:P0}, a change must hold over {options.PersistenceRuns} runs")
                : "Baseline: none (first run of this testbed): every case is New");
            foreach (var noted in outcome.Comparisons.Where(c => c.Note is not null))
            {
                output.WriteLine($"  {noted.Key}: {noted.Describe()}");
            }
        }

        if (outcome.SameRun is not null)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Same-run A/B against {options.CompareLabel ?? options.CompareBuild} ({outcome.SameRunElapsed?.TotalSeconds:0.0} s, threshold {options.SameRunThreshold:P0}): this verdict gates"));
        }

        if (outcome.MarkdownReport is not null)
        {
            output.WriteLine($"Reports: {outcome.MarkdownReport}, {outcome.HtmlReport}");
        }

        if (outcome.ArtifactsResults is not null)
        {
            output.WriteLine($"BenchmarkDotNet exports: {outcome.ArtifactsResults}");
        }

        foreach (var c in outcome.Gating.Where(c => c.Verdict == Verdict.Slower))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SLOWER: {c.Key}: median ×{c.RatioOfMedians:0.000} (p = {c.PValue:0.####}, {(c.Source == VerdictSource.SameRun ? "same-run A/B" : c.Source.ToString().ToLowerInvariant())})"));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => (i >= 4 && i != 5 && i < 12) || i is 13 or 14 ? c.PadLeft(widths[i]) : c.PadRight(widths[i])));

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
