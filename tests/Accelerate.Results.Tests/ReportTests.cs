using System.Text.RegularExpressions;

namespace Accelerate.Results.Tests;

public sealed partial class ReportTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Reports_of_a_run_with_a_baseline_and_history()
    {
        using var store = ResultsStore.Open(folder.StorePath);
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        store.AddRun(Data.Run(startedAt: t0), Data.Models, Data.Cases(seed: 10), []);
        var previous = store.AddRun(Data.Run(startedAt: t0.AddHours(1)), Data.Models, [.. Data.Cases(seed: 20), Data.Case(backend: "xnnpack")], []);

        // This run: seq=16 20% slower, seq=128 the same, batch 8 20% faster, xnnpack gone, openvino new.
        var current = new List<BenchmarkCase>
        {
            Data.Case(shape: "seq=16", medianNs: 8_000_000 * 1.2, seed: 31),
            Data.Case(shape: "seq=128", medianNs: 35_000_000, seed: 32),
            Data.Case(batch: 8, shape: "seq=128", medianNs: 210_000_000 * 0.8, seed: 33, method: BenchmarkMethods.EndToEnd),
            Data.Case(backend: "openvino", shape: "seq=128", medianNs: 30_000_000, seed: 34),
        };
        var id = store.AddRun(Data.Run(startedAt: t0.AddHours(2)), Data.Models, current, []);

        var (markdownPath, htmlPath) = ReportWriter.Write(store, id, new ReportOptions { BaselineRunId = previous });

        var directory = Path.Combine(folder.Path, ".accelerate", "reports", id.ToString("D"));
        Assert.Equal(directory, ReportWriter.DefaultDirectory(store.Path, id));
        Assert.Equal(Path.Combine(directory, "report.md"), markdownPath);
        Assert.Equal(Path.Combine(directory, "report.html"), htmlPath);

        var md = File.ReadAllText(markdownPath);
        TestContext.Current.TestOutputHelper?.WriteLine(md);
        Assert.Contains("## MiniLm · raw", md, StringComparison.Ordinal);
        Assert.Contains("## MiniLm · end-to-end", md, StringComparison.Ordinal);
        var rows = md.Split('\n').Where(l => l.StartsWith("| cpu ", StringComparison.Ordinal) || l.StartsWith("| openvino ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(4, rows.Length);
        Assert.Matches(@"^\| cpu \| fp32 \| 1 \| seq=16 \| 2 \| 9\.\d+ ms \| .* \| 1\.2\d\d× \| < 0\.0001 \| \*\*Slower\*\* \|$", rows[0]);
        Assert.Matches(@"^\| cpu \| fp32 \| 1 \| seq=128 \| 2 \| 3[45]\.\d\d ms \| .* \| (0\.99\d|1\.00\d)× \| [0-9.]+ \| Same \|$", rows[1]);
        Assert.Matches(@"^\| openvino \| fp32 \| 1 \| seq=128 \| 2 \| (29|30)\.\d\d ms \| .* \| — \| — \| New \|$", rows[2]);
        Assert.Matches(@"^\| cpu \| fp32 \| 8 \| seq=128 \| 2 \| 16\d\.\d\d ms \| .* \| 0\.(79|80)\d× \| < 0\.0001 \| \*\*Faster\*\* \|$", rows[3]);
        Assert.Contains("| 12.1 KiB |", rows[0], StringComparison.Ordinal); // 12,345 B allocated per call
        Assert.Contains("items/s · ", rows[0], StringComparison.Ordinal);
        Assert.Contains("- MiniLm raw xnnpack fp32 batch=1 seq=128 threads=2 — Missing", md, StringComparison.Ordinal);
        Assert.Contains("1 slower, 1 faster, 1 same, 1 new, 1 missing", md, StringComparison.Ordinal);
        Assert.Contains("fc2ec18d0c1e2b3a4f5e6d7c8b9a0f1e2d3c4b5a on main, with uncommitted changes", md, StringComparison.Ordinal);

        var html = File.ReadAllText(htmlPath);
        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Equal(6, SvgOpen().Matches(html).Count); // per model·method: latency, trend, allocations
        foreach (var figure in new[] { "latency-0", "trend-0", "allocations-0", "latency-1", "trend-1", "allocations-1" })
        {
            Assert.Matches($"<figure id=\"{figure}\" class=\"chart [a-z]+\">\\s*<svg ", html);
        }

        Assert.DoesNotMatch(@"<script[^>]*\ssrc\s*=", html);
        Assert.DoesNotMatch(@"<link[^>]*\shref\s*=\s*""?(https?:)?//", html);
        Assert.DoesNotMatch(@"(src|href)\s*=\s*""(https?:)?//", html);
        Assert.DoesNotMatch(@"@import|url\(\s*['""]?https?:", html);
        Assert.DoesNotContain("<?xml", html, StringComparison.Ordinal);
        Assert.Contains("class=\"verdict slower\">Slower</td>", html, StringComparison.Ordinal);
        Assert.Contains("class=\"verdict faster\">Faster</td>", html, StringComparison.Ordinal);
        Assert.Contains("MiniLm raw xnnpack fp32 batch=1 seq=128 threads=2 — Missing", html, StringComparison.Ordinal);
        Assert.Contains("median across the last 3 run(s)", html, StringComparison.Ordinal);

        // Ids inside the inline SVGs are unique in the page, so no chart picks up another's clip path.
        var ids = IdAttribute().Matches(html).Select(m => m.Groups[1].Value).ToArray();
        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Reports_of_a_first_run_and_of_a_test_run()
    {
        using var store = ResultsStore.Open(folder.StorePath);
        var id = store.AddRun(Data.Run(), Data.Models, [Data.Case() with { AllocatedBytesPerOp = null }], []);
        var reports = folder.File("out");

        var md = File.ReadAllText(ReportWriter.WriteMarkdown(store, id, new ReportOptions { Directory = reports }));
        var html = File.ReadAllText(ReportWriter.WriteHtml(store, id, new ReportOptions { Directory = reports }));

        // A first run says New, in the report as in the build output.
        Assert.Contains("none (first run of this testbed", md, StringComparison.Ordinal);
        Assert.Contains("| cpu | fp32 | 1 | seq=128 | 2 |", md, StringComparison.Ordinal);
        Assert.Contains("| — | — | New |", md, StringComparison.Ordinal);
        Assert.DoesNotContain("no baseline", md, StringComparison.Ordinal);
        Assert.Contains("1 case(s), all New: no earlier run of this testbed to compare with.", md, StringComparison.Ordinal);
        Assert.Equal(2, SvgOpen().Matches(html).Count); // latency and trend; no allocation data
        Assert.Contains("No allocation measurements", html, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(reports, "report.md")));

        var testRun = store.ImportMatrixReport(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-matrix.json"), Data.Run(kind: RunKinds.Test, profile: "test"));
        var (testMd, testHtml) = ReportWriter.Write(store, testRun);
        var testText = File.ReadAllText(testMd);
        Assert.Contains("6 passed, 1 failed, 8 skipped", testText, StringComparison.Ordinal);
        Assert.Contains("| MiniLm | fp32 | cpu | MatchesGoldens | failed | 245.1 ms | 1E-2 | 3.425E-1 |", testText, StringComparison.Ordinal);
        Assert.Contains("class=\"verdict skipped\">skipped</td>", File.ReadAllText(testHtml), StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_named_baseline_the_report_compares_with_the_testbed_history_and_shows_the_same_run_verdicts()
    {
        using var store = ResultsStore.Open(folder.StorePath);
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 6; i++)
        {
            store.AddRun(Data.Run(startedAt: t0.AddHours(i)), Data.Models, [Data.Case(seed: 40 + i)], []);
        }

        // Another machine's runs are another testbed: never compared with.
        store.AddRun(Data.Run(startedAt: t0.AddHours(6)) with { CpuModel = "Other CPU" }, Data.Models, [Data.Case(medianNs: 10_000_000, seed: 50)], []);
        var slow = Data.Case(medianNs: 35_000_000 * 1.3, seed: 51);
        var id = store.AddRun(Data.Run(startedAt: t0.AddHours(7)), Data.Models, [slow], []);
        var sameRun = RegressionGate.ComparePaired(slow.Key, [.. Enumerable.Repeat<(IReadOnlyList<double>, IReadOnlyList<double>)>(([10.0], [13.0]), 12)]);

        var data = ReportData.Load(store, id, new ReportOptions { SameRun = [sameRun], SameRunBaseline = "main (1a2b3c4d)" });
        var md = File.ReadAllText(ReportWriter.WriteMarkdown(data, folder.File("history")));

        Assert.True(data.ComparedWithHistory);
        var comparison = Assert.Single(data.Comparisons);
        Assert.Equal(Verdict.Same, comparison.Verdict); // 30% slower, but in this run only
        Assert.Equal(1.3, comparison.RatioOfMedians, 0.03);
        Assert.Contains("| vs history | p | Verdict |", md, StringComparison.Ordinal);
        Assert.Contains("Same — slower in 1 of the last 3 runs; a change must hold over 3 runs |", md, StringComparison.Ordinal);
        Assert.Contains("## Same-run A/B comparison", md, StringComparison.Ordinal);
        Assert.Contains("The baseline build (main (1a2b3c4d)) and this build", md, StringComparison.Ordinal);
        Assert.Contains("| MiniLm raw cpu fp32 batch=1 seq=128 threads=2 | 10 ns | 13 ns | 1.300× | 0.0005 | Slower | 12 interleaved block pairs, 12 slower |", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Latency_bars_draw_their_p90_error_bars()
    {
        var flat = Data.Case() with { P90Ns = Data.Case().MedianNs };
        var spread = Data.Case() with { P90Ns = Data.Case().MedianNs * 2 };

        var withoutError = Charts.Latency("a", "t", [flat], _ => null);
        var withError = Charts.Latency("a", "t", [spread], _ => null);

        // The error bar is a line from the median to p90 with caps: drawn elements the flat case does not have.
        Assert.True(LineElement().Matches(withError).Count > LineElement().Matches(withoutError).Count,
            $"{LineElement().Matches(withError).Count} vs {LineElement().Matches(withoutError).Count} line/path elements");
    }

    [GeneratedRegex("<(line|path|polyline)[\\s>]")]
    private static partial Regex LineElement();

    [GeneratedRegex("<svg[\\s>]")]
    private static partial Regex SvgOpen();

    [GeneratedRegex("\\sid=\"([^\"]+)\"")]
    private static partial Regex IdAttribute();
}
