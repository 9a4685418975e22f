using System.Net;
using System.Text;

namespace Accelerate.Results;

/// <summary>
/// Writes a run's reports: <c>report.md</c> (a summary table per model and method: median, p90, p99, p99.9,
/// allocations, throughput and the verdict against the baseline) and <c>report.html</c> (the same tables plus charts
/// of latency by backend / batch / shape, the trend of each case's median across runs, and allocations). The HTML is
/// self-contained: the charts are inline SVG drawn with ScottPlot, the style is inline, nothing is fetched.
/// </summary>
/// <remarks>
/// By default the reports go to <c>&lt;folder of the results file&gt;/reports/&lt;run id&gt;/</c>
/// (<see cref="DefaultDirectory"/>): with the default results path that is
/// <c>&lt;project&gt;/.accelerate/reports/&lt;run id&gt;/report.md</c> and <c>report.html</c>, one folder per run so
/// that earlier reports stay as they were written.
/// </remarks>
public static class ReportWriter
{
    /// <summary>The Markdown report's file name.</summary>
    public const string MarkdownFileName = "report.md";

    /// <summary>The HTML report's file name.</summary>
    public const string HtmlFileName = "report.html";

    /// <summary>The default folder of a run's reports: <c>&lt;folder of the results file&gt;/reports/&lt;run id&gt;</c>.</summary>
    /// <param name="storePath">The results file's path.</param>
    /// <param name="runId">The run.</param>
    /// <returns>The folder.</returns>
    public static string DefaultDirectory(string storePath, Guid runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storePath);
        var folder = Path.GetDirectoryName(Path.GetFullPath(storePath)) ?? ".";
        return Path.Combine(folder, "reports", runId.ToString("D"));
    }

    /// <summary>Loads a run (see <see cref="ReportData.Load"/>) and writes both reports.</summary>
    /// <param name="store">The store.</param>
    /// <param name="runId">The run.</param>
    /// <param name="options">Baseline, gate settings and folder; defaults when null.</param>
    /// <returns>The paths of the two files.</returns>
    public static (string MarkdownPath, string HtmlPath) Write(ResultsStore store, Guid runId, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var data = ReportData.Load(store, runId, options);
        var directory = options?.Directory ?? DefaultDirectory(store.Path, runId);
        return (WriteMarkdown(data, directory), WriteHtml(data, directory));
    }

    /// <summary>Loads a run (see <see cref="ReportData.Load"/>) and writes <c>report.md</c>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="runId">The run.</param>
    /// <param name="options">Baseline, gate settings and folder; defaults when null.</param>
    /// <returns>The file's path.</returns>
    public static string WriteMarkdown(ResultsStore store, Guid runId, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return WriteMarkdown(ReportData.Load(store, runId, options), options?.Directory ?? DefaultDirectory(store.Path, runId));
    }

    /// <summary>Loads a run (see <see cref="ReportData.Load"/>) and writes <c>report.html</c>.</summary>
    /// <param name="store">The store.</param>
    /// <param name="runId">The run.</param>
    /// <param name="options">Baseline, gate settings and folder; defaults when null.</param>
    /// <returns>The file's path.</returns>
    public static string WriteHtml(ResultsStore store, Guid runId, ReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return WriteHtml(ReportData.Load(store, runId, options), options?.Directory ?? DefaultDirectory(store.Path, runId));
    }

    /// <summary>Writes <c>report.md</c> for the data into a folder (created if missing).</summary>
    /// <param name="data">The data.</param>
    /// <param name="directory">The folder.</param>
    /// <returns>The file's path.</returns>
    public static string WriteMarkdown(ReportData data, string directory) => WriteFile(directory, MarkdownFileName, RenderMarkdown(data));

    /// <summary>Writes <c>report.html</c> for the data into a folder (created if missing).</summary>
    /// <param name="data">The data.</param>
    /// <param name="directory">The folder.</param>
    /// <returns>The file's path.</returns>
    public static string WriteHtml(ReportData data, string directory) => WriteFile(directory, HtmlFileName, RenderHtml(data));

    /// <summary>The Markdown report's text.</summary>
    /// <param name="data">The data.</param>
    /// <returns>The text.</returns>
    public static string RenderMarkdown(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var md = new StringBuilder();
        var run = data.Run;
        md.Append("# Accelerate ").Append(run.Kind).Append(" report — ").Append(run.Profile).Append("\n\n");
        md.Append("| | |\n|---|---|\n");
        foreach (var (name, value) in Facts(data))
        {
            md.Append("| ").Append(name).Append(" | ").Append(Cell(value)).Append(" |\n");
        }

        if (data.Cases.Count > 0)
        {
            md.Append('\n').Append(Cell(Summary(data))).Append("\n");
            foreach (var group in Groups(data.Cases))
            {
                md.Append("\n## ").Append(group.Key.Model).Append(" · ").Append(group.Key.Method).Append("\n\n");
                md.Append("| Backend | Precision | Batch | Shape | Threads | Median | p90 | p99 | p99.9 | Allocated/op | Throughput | ").Append(VersusHeader(data)).Append(" | p | Verdict |\n");
                md.Append("|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
                foreach (var c in group)
                {
                    var comparison = data.ComparisonOf(c.Key);
                    md.Append("| ").Append(Cell(c.Backend)).Append(" | ").Append(Cell(c.Precision)).Append(" | ").Append(c.Batch).Append(" | ")
                        .Append(Cell(c.Shape)).Append(" | ").Append(c.Threads).Append(" | ")
                        .Append(Format.Latency(c.MedianNs)).Append(" | ").Append(Format.Latency(c.P90Ns)).Append(" | ")
                        .Append(Format.Latency(c.P99Ns)).Append(" | ").Append(Format.Latency(c.P999Ns)).Append(" | ")
                        .Append(Format.Bytes(c.AllocatedBytesPerOp)).Append(" | ").Append(Format.Throughput(c)).Append(" | ")
                        .Append(Format.Ratio(comparison?.RatioOfMedians ?? double.NaN)).Append(" | ")
                        .Append(Format.PValue(comparison?.PValue ?? double.NaN)).Append(" | ")
                        .Append(comparison?.Verdict is Verdict.Slower or Verdict.Faster ? "**" + Format.VerdictText(comparison) + "**" : Format.VerdictText(comparison))
                        .Append(comparison?.Note is { } note ? " — " + Cell(note) : "")
                        .Append(" |\n");
                }
            }

            if (data.SameRun.Count > 0)
            {
                md.Append("\n## Same-run A/B comparison\n\n").Append(Cell(SameRunIntro(data))).Append("\n\n");
                md.Append("| ").Append(string.Join(" | ", SameRunHeader)).Append(" |\n|").Append(string.Concat(SameRunHeader.Select(_ => "---|"))).Append('\n');
                foreach (var row in SameRunRows(data))
                {
                    md.Append("| ").Append(string.Join(" | ", row.Select(Cell))).Append(" |\n");
                }
            }

            var missing = data.Comparisons.Where(c => c.Verdict == Verdict.Missing).ToArray();
            if (missing.Length > 0)
            {
                md.Append("\n## Missing\n\nIn the baseline, not in this run:\n\n");
                foreach (var m in missing)
                {
                    md.Append("- ").Append(Cell(m.Key.ToString())).Append(" — Missing\n");
                }
            }
        }

        if (data.Tests.Count > 0)
        {
            md.Append("\n## Hardware-matrix tests\n\n").Append(Cell(TestSummary(data.Tests))).Append("\n\n");
            md.Append("| Model | Precision | Backend | Check | Outcome | Duration | Max abs diff | Max rel diff | Message |\n|---|---|---|---|---|---:|---:|---:|---|\n");
            foreach (var t in data.Tests)
            {
                md.Append("| ").Append(Cell(t.Model)).Append(" | ").Append(Cell(t.Precision)).Append(" | ").Append(Cell(t.Backend)).Append(" | ")
                    .Append(Cell(t.Check)).Append(" | ").Append(t.Outcome).Append(" | ").Append(Format.Milliseconds(t.DurationMs)).Append(" | ")
                    .Append(Format.Diff(t.MaxAbsDiff)).Append(" | ").Append(Format.Diff(t.MaxRelDiff)).Append(" | ").Append(Cell(t.Message ?? "")).Append(" |\n");
            }
        }

        if (data.Cases.Count == 0 && data.Tests.Count == 0)
        {
            md.Append("\nThis run has no benchmark cases and no test results.\n");
        }

        return md.ToString();
    }

    /// <summary>The HTML report's text: one self-contained page, charts as inline SVG, no external references.</summary>
    /// <param name="data">The data.</param>
    /// <returns>The text.</returns>
    public static string RenderHtml(ReportData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var run = data.Run;
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Append("<title>").Append(E($"Accelerate {run.Kind} report — {run.Profile} — {Format.Time(run.StartedAt)}")).Append("</title>\n");
        html.Append("<style>\n").Append(Style).Append("</style>\n</head>\n<body>\n");
        html.Append("<h1>Accelerate ").Append(E(run.Kind)).Append(" report — ").Append(E(run.Profile)).Append("</h1>\n");
        html.Append("<table class=\"facts\">\n");
        foreach (var (name, value) in Facts(data))
        {
            html.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>\n");
        }

        html.Append("</table>\n");
        if (data.Cases.Count > 0)
        {
            html.Append("<p class=\"summary\">").Append(E(Summary(data))).Append("</p>\n");
            var chart = 0;
            foreach (var group in Groups(data.Cases))
            {
                var title = $"{group.Key.Model} · {group.Key.Method}";
                var cases = group.ToArray();
                html.Append("<section>\n<h2>").Append(E(title)).Append("</h2>\n");
                html.Append("<div class=\"scroll\"><table class=\"cases\">\n<thead><tr><th>Backend</th><th>Precision</th><th>Batch</th><th>Shape</th><th>Threads</th><th>Median</th><th>p90</th><th>p99</th><th>p99.9</th><th>Allocated/op</th><th>Throughput</th><th>").Append(VersusHeader(data)).Append("</th><th>p</th><th>Verdict</th></tr></thead>\n<tbody>\n");
                foreach (var c in cases)
                {
                    var comparison = data.ComparisonOf(c.Key);
                    var verdict = Format.VerdictText(comparison);
                    html.Append("<tr><td>").Append(E(c.Backend)).Append("</td><td>").Append(E(c.Precision)).Append("</td><td class=\"n\">").Append(c.Batch)
                        .Append("</td><td>").Append(E(c.Shape)).Append("</td><td class=\"n\">").Append(c.Threads)
                        .Append("</td><td class=\"n\">").Append(E(Format.Latency(c.MedianNs))).Append("</td><td class=\"n\">").Append(E(Format.Latency(c.P90Ns)))
                        .Append("</td><td class=\"n\">").Append(E(Format.Latency(c.P99Ns))).Append("</td><td class=\"n\">").Append(E(Format.Latency(c.P999Ns)))
                        .Append("</td><td class=\"n\">").Append(E(Format.Bytes(c.AllocatedBytesPerOp))).Append("</td><td class=\"n\">").Append(string.Join("<br>", Format.Throughput(c).Split(" · ").Select(E)))
                        .Append("</td><td class=\"n\">").Append(E(Format.Ratio(comparison?.RatioOfMedians ?? double.NaN)))
                        .Append("</td><td class=\"n\">").Append(E(Format.PValue(comparison?.PValue ?? double.NaN)))
                        .Append("</td><td class=\"verdict ").Append(E(verdict.Replace(' ', '-').ToLowerInvariant())).Append("\">").Append(E(verdict))
                        .Append(comparison?.Note is { } note ? "<br><span class=\"note\">" + E(note) + "</span>" : "").Append("</td></tr>\n");
                }

                html.Append("</tbody>\n</table></div>\n");
                var baselineByKey = data.Comparisons.Where(x => x.Baseline is not null).ToDictionary(x => x.Key, x => x.Baseline);
                Figure(html, $"latency-{chart}", "latency", Charts.Latency($"chart{chart}a", $"{title}: latency by backend / batch / shape", cases, k => baselineByKey.GetValueOrDefault(k)),
                    data.Baseline is null ? "Bars: median per call; error bars reach p90." : "Bars: median per call (grey: the baseline's); error bars reach p90.");
                Figure(html, $"trend-{chart}", "trend", Charts.Trend($"chart{chart}b", $"{title}: median across the last {data.Trend.Count} run(s)", cases.Select(c => c.Key).ToArray(), data.Trend),
                    $"Median per call of each case in the runs of machine {run.Machine}, profile {run.Profile}, oldest first (labels: commit and start time).");
                if (cases.Any(c => c.AllocatedBytesPerOp is not null))
                {
                    Figure(html, $"allocations-{chart}", "allocations", Charts.Allocations($"chart{chart}c", $"{title}: managed allocations per call", cases),
                        "Managed bytes allocated per call (BenchmarkDotNet's MemoryDiagnoser); native ONNX Runtime memory is not included.");
                }
                else
                {
                    html.Append("<p class=\"note\">No allocation measurements (MemoryDiagnoser) for these cases.</p>\n");
                }

                html.Append("</section>\n");
                chart++;
            }

            if (data.SameRun.Count > 0)
            {
                html.Append("<section>\n<h2>Same-run A/B comparison</h2>\n<p>").Append(E(SameRunIntro(data))).Append("</p>\n<div class=\"scroll\"><table class=\"cases\">\n<thead><tr>");
                foreach (var header in SameRunHeader)
                {
                    html.Append("<th>").Append(E(header)).Append("</th>");
                }

                html.Append("</tr></thead>\n<tbody>\n");
                foreach (var row in SameRunRows(data))
                {
                    html.Append("<tr>").Append(string.Concat(row.Select(cell => "<td>" + E(cell) + "</td>"))).Append("</tr>\n");
                }

                html.Append("</tbody>\n</table></div>\n</section>\n");
            }

            var missing = data.Comparisons.Where(c => c.Verdict == Verdict.Missing).ToArray();
            if (missing.Length > 0)
            {
                html.Append("<section>\n<h2>Missing</h2>\n<p>In the baseline, not in this run:</p>\n<ul>\n");
                foreach (var m in missing)
                {
                    html.Append("<li>").Append(E(m.Key.ToString())).Append(" — Missing</li>\n");
                }

                html.Append("</ul>\n</section>\n");
            }
        }

        if (data.Tests.Count > 0)
        {
            html.Append("<section>\n<h2>Hardware-matrix tests</h2>\n<p>").Append(E(TestSummary(data.Tests))).Append("</p>\n");
            html.Append("<table class=\"cases\">\n<thead><tr><th>Model</th><th>Precision</th><th>Backend</th><th>Check</th><th>Outcome</th><th>Duration</th><th>Max abs diff</th><th>Max rel diff</th><th>Message</th></tr></thead>\n<tbody>\n");
            foreach (var t in data.Tests)
            {
                html.Append("<tr><td>").Append(E(t.Model)).Append("</td><td>").Append(E(t.Precision)).Append("</td><td>").Append(E(t.Backend))
                    .Append("</td><td>").Append(E(t.Check)).Append("</td><td class=\"verdict ").Append(E(t.Outcome)).Append("\">").Append(E(t.Outcome))
                    .Append("</td><td class=\"n\">").Append(E(Format.Milliseconds(t.DurationMs))).Append("</td><td class=\"n\">").Append(E(Format.Diff(t.MaxAbsDiff)))
                    .Append("</td><td class=\"n\">").Append(E(Format.Diff(t.MaxRelDiff))).Append("</td><td class=\"message\">").Append(E(t.Message ?? "")).Append("</td></tr>\n");
            }

            html.Append("</tbody>\n</table>\n</section>\n");
        }

        if (data.Cases.Count == 0 && data.Tests.Count == 0)
        {
            html.Append("<p>This run has no benchmark cases and no test results.</p>\n");
        }

        html.Append("<footer>Accelerate.Results ").Append(E(MachineFacts.PackageVersion)).Append(" · results schema v").Append(ResultsStore.SchemaVersion).Append("</footer>\n");
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private const string Style = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 2rem auto; max-width: 1400px; padding: 0 1rem; color: #1f2328; }
        h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2.5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .3rem; }
        table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
        th, td { border: 1px solid #d0d7de; padding: .3rem .6rem; text-align: left; vertical-align: top; }
        thead th { background: #f6f8fa; } .facts th { background: #f6f8fa; font-weight: 600; }
        td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        td.message { max-width: 40rem; white-space: pre-wrap; }
        .verdict.slower, .verdict.failed { background: #ffebe9; color: #a40e26; font-weight: 600; }
        .verdict.faster, .verdict.passed { background: #dafbe1; color: #116329; font-weight: 600; }
        .verdict.skipped, .verdict.new, .verdict.missing { background: #fff8c5; }
        figure { margin: 1.5rem 0; } figure svg { max-width: 100%; height: auto; } figcaption { color: #59636e; font-size: .85rem; }
        .scroll { overflow-x: auto; }
        .summary { font-weight: 600; } .note { color: #59636e; } footer { margin-top: 3rem; color: #59636e; font-size: .8rem; }

        """;

    private static void Figure(StringBuilder html, string id, string kind, string svg, string caption) =>
        html.Append("<figure id=\"").Append(id).Append("\" class=\"chart ").Append(kind).Append("\">\n").Append(svg)
            .Append("\n<figcaption>").Append(E(caption)).Append("</figcaption>\n</figure>\n");

    private static IEnumerable<IGrouping<(string Model, string Method), BenchmarkCase>> Groups(IReadOnlyList<BenchmarkCase> cases) =>
        cases.GroupBy(c => (c.Model, c.Method));

    private static IEnumerable<(string Name, string Value)> Facts(ReportData data)
    {
        var run = data.Run;
        yield return ("Run", $"{run.Id:D} ({run.Kind}, profile {run.Profile})");
        var git = run.GitCommit is null
            ? "unknown (not a git repository, or git is not installed)"
            : run.GitCommit + (run.GitBranch is { } branch ? $" on {branch}" : " (detached)") + (run.GitDirty == true ? ", with uncommitted changes" : "");
        yield return ("Commit", git);
        yield return ("Machine", $"{run.Machine} · {run.CpuModel ?? "unknown CPU"} · {run.Cores} cores · {run.Os}");
        yield return ("Software", $"{run.Dotnet} · ONNX Runtime {run.OnnxRuntime ?? "unknown"} · Accelerate {run.PackageVersion ?? "unknown"}");
        yield return ("Started / finished", $"{Format.Time(run.StartedAt)} / {Format.Time(run.FinishedAt)}");
        if (data.Models.Count > 0)
        {
            yield return ("Models", string.Join("; ", data.Models.Select(m =>
                m.Name + (m.Opset is { } o ? $" (opset {o})" : "") + (m.Sha256 is { Length: >= 12 } sha ? $" sha256 {sha[..12]}…" : "") + (m.Source is { } s ? $" from {s}" : ""))));
        }

        if (data.Cases.Count > 0)
        {
            yield return ("Baseline", data.Baseline is { } b
                ? $"{b.Id:D}" + (b.BaselineName is { } n ? $" (“{n}”)" : "") + $", started {Format.Time(b.StartedAt)}" + (b.GitCommit is { } c ? $", commit {c[..Math.Min(8, c.Length)]}" : "")
                : "none (first run of this testbed, or the named baseline does not exist)");
        }
    }

    private static readonly string[] SameRunHeader = ["Case", "Baseline median", "Current median", "Ratio", "p", "Verdict", "Note"];

    private static string VersusHeader(ReportData data) => data.ComparedWithHistory ? "vs history" : "vs baseline";

    private static string SameRunIntro(ReportData data) =>
        $"The baseline build{(data.SameRunBaseline is { } b ? $" ({b})" : "")} and this build, measured in the same run in alternating blocks of calls; " +
        $"ratio = median of the block pairs' median ratios, p = two-sided sign test over the pairs; Slower at p < {Format.Number((data.SameRunGate ?? data.Gate).Alpha)} " +
        $"and a change beyond {Format.Number((data.SameRunGate ?? data.Gate).Threshold * 100)}%. When it ran, this verdict is the gate's.";

    private static IEnumerable<string[]> SameRunRows(ReportData data) => data.SameRun.Select(c => new[]
    {
        c.Key.ToString(),
        c.Baseline is { } b ? Format.Latency(b.MedianNs) : "—",
        c.Current is { } x ? Format.Latency(x.MedianNs) : "—",
        Format.Ratio(c.RatioOfMedians),
        Format.PValue(c.PValue),
        Format.VerdictText(c),
        c.Note ?? "",
    });

    private static string Summary(ReportData data)
    {
        if (data.Baseline is null)
        {
            return $"{data.Cases.Count} case(s), all New: no earlier run of this testbed to compare with.";
        }

        int Count(Verdict v) => data.Comparisons.Count(c => c.Verdict == v);
        return $"{Count(Verdict.Slower)} slower, {Count(Verdict.Faster)} faster, {Count(Verdict.Same)} same, {Count(Verdict.New)} new, {Count(Verdict.Missing)} missing — " +
            $"two-sided Mann–Whitney U on per-call latencies at alpha {Format.Number(data.Gate.Alpha)}, and a change of the median beyond {Format.Number(data.Gate.Threshold * 100)}%" +
            (data.ComparedWithHistory ? $", held over the last {data.Gate.PersistenceRuns} runs against up to {data.Gate.ReferenceRuns} runs before them." : ".");
    }

    private static string TestSummary(IReadOnlyList<TestResult> tests) =>
        $"{tests.Count(t => t.Outcome == TestOutcomes.Passed)} passed, {tests.Count(t => t.Outcome == TestOutcomes.Failed)} failed, {tests.Count(t => t.Outcome == TestOutcomes.Skipped)} skipped";

    private static string Cell(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r\n", "<br>", StringComparison.Ordinal).Replace("\n", "<br>", StringComparison.Ordinal);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string WriteFile(string directory, string name, string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        var path = Path.Combine(Path.GetFullPath(directory), name);
        File.WriteAllText(path, text, new UTF8Encoding(false));
        return path;
    }
}
