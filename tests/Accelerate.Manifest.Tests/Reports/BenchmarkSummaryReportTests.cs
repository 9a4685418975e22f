using Accelerate.Manifest.Reports;

namespace Accelerate.Manifest.Tests.Reports;

/// <summary>The benchmark summary contract: what the writer writes, the reader reads back; foreign files are refused by name.</summary>
public sealed class BenchmarkSummaryReportTests
{
    [Fact]
    public void A_written_summary_reads_back_with_both_verdicts()
    {
        var summary = new BenchmarkSummaryReport
        {
            RunId = "00000000-0000-0000-0000-000000000002",
            Profile = "quick",
            Gate = "same-run",
            SameRun = new BenchmarkSummarySameRun { Label = "main (1a2b3c4d)", Build = "/wt/App.dll", Threshold = 0.05, ElapsedSeconds = 9.5 },
            Threshold = 0.15,
            PersistenceRuns = 3,
            Cases =
            [
                new BenchmarkSummaryCase
                {
                    Model = "MiniLm", Method = "raw", Backend = "cpu", Batch = 1, Shape = "seq=16", Threads = 1, MedianMs = 4.2,
                    Verdict = "Slower", VerdictText = "Slower [same-run A/B]",
                    History = new BenchmarkSummaryVerdict { Verdict = "Same", Ratio = 1.1, Note = "not enough history: 2 of 4 runs" },
                    SameRun = new BenchmarkSummaryVerdict { Verdict = "Slower", Ratio = 1.26, PValue = 0.0001 },
                },
            ],
        };

        var json = summary.ToJson();
        var read = BenchmarkSummaryReport.Read(json, "summary.json");

        Assert.Contains("\"formatVersion\": 2", json, StringComparison.Ordinal);
        Assert.Equal("same-run", read.Gate);
        Assert.Equal("main (1a2b3c4d)", read.SameRun!.Label);
        var c = Assert.Single(read.Cases);
        Assert.Equal(("Slower", "Same", "Slower"), (c.Verdict, c.History!.Verdict, c.SameRun!.Verdict));
        Assert.Equal("not enough history: 2 of 4 runs", c.History.Note);
        Assert.Null(c.History.PValue);
        Assert.Equal(json, read.ToJson());
    }

    [Theory]
    [InlineData("not json", "'s.json' is not a benchmark summary: ")]
    [InlineData("[]", "'s.json' is not a benchmark summary: it has no formatVersion.")]
    [InlineData("""{ "formatVersion": 1, "cases": [] }""", "'s.json' has benchmark summary format version 1; this version of Accelerate reads version 2.")]
    [InlineData("""{ "formatVersion": 2 }""", "'s.json' is not a benchmark summary: it has no cases list.")]
    [InlineData("""{ "formatVersion": 2, "cases": [ { "verdict": "Same" } ] }""", "'s.json': a case has no model.")]
    [InlineData("""{ "formatVersion": 2, "cases": [ { "model": "M", "verdict": "Worse" } ] }""", "'s.json': a case of M has verdict 'Worse'.")]
    [InlineData("""{ "formatVersion": 2, "cases": [ { "model": "M", "verdict": "Same", "sameRun": { "verdict": "Meh" } } ] }""", "'s.json': a case of M has verdict 'Meh'.")]
    public void A_foreign_or_malformed_file_is_refused_naming_it(string json, string message)
    {
        var e = Assert.Throws<FormatException>(() => BenchmarkSummaryReport.Read(json, "s.json"));
        Assert.StartsWith(message, e.Message, StringComparison.Ordinal);
    }
}
