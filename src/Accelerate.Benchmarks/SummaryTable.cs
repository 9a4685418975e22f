using System.Globalization;
using Accelerate.Results;

namespace Accelerate.Benchmarks;

/// <summary>The table <see cref="BenchmarkHost.Run"/> prints at the end: one row per case, with the verdict.</summary>
internal static class SummaryTable
{
    public static void Write(TextWriter output, HostOptions options, HostOutcome outcome, TimeSpan elapsed)
    {
        var header = new[] { "Model", "Method", "Backend", "Prec", "Batch", "Shape", "Threads", "Median ms", "p99 ms", "Items/s", "Alloc B/op", "Load ms", "Verdict", "Ratio", "p" };
        var rows = new List<string[]>();
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
                ? string.Create(CultureInfo.InvariantCulture, $"Baseline: run {b.Id:D}{(b.BaselineName is { } n ? $" ({n})" : "")} of {b.StartedAt:u}; threshold {options.Threshold:P0}")
                : "Baseline: none (first run of this machine and profile): every case is New");
        }

        if (outcome.MarkdownReport is not null)
        {
            output.WriteLine($"Reports: {outcome.MarkdownReport}, {outcome.HtmlReport}");
        }

        if (outcome.ArtifactsResults is not null)
        {
            output.WriteLine($"BenchmarkDotNet exports: {outcome.ArtifactsResults}");
        }

        var slower = outcome.Comparisons.Where(c => c.Verdict == Verdict.Slower).ToList();
        foreach (var c in slower)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"SLOWER: {c.Key}: median ×{c.RatioOfMedians:0.000} (p = {c.PValue:0.####})"));
        }
    }

    private static string Line(string[] cells, int[] widths) =>
        string.Join(" | ", cells.Select((c, i) => i >= 4 && i != 5 && i < 12 || i >= 13 ? c.PadLeft(widths[i]) : c.PadRight(widths[i])));

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value, string format) =>
        value is { } v && double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "-";
}
