using Accelerate.Manifest.Reports;

namespace Accelerate.Manifest.Tests.Reports;

/// <summary>The test-matrix.json contract: what the writer emits is what every reader gets back, and bad files are named.</summary>
public sealed class TestMatrixReportTests
{
    private static TestMatrixReport Sample() => new()
    {
        GeneratedAt = "2026-12-02T10:00:00.0000000+00:00",
        Tool = "Accelerate 1.0",
        OnnxRuntime = "1.31.1",
        Summary = new TestMatrixSummary { Passed = 1, Failed = 1, Skipped = 1 },
        Models =
        [
            new TestMatrixModel
            {
                Model = "MiniLm",
                ManifestPath = "/p/MiniLm.model.json",
                Backends =
                [
                    new TestMatrixBackend
                    {
                        Backend = "cpu",
                        LoadTimeMs = 120.5,
                        Checks =
                        [
                            new TestMatrixCheck { Check = "Loads", Outcome = "passed", DurationMs = 1 },
                            new TestMatrixCheck
                            {
                                Check = "MatchesGoldens", Outcome = "failed", Message = "off by | 1e-3", DurationMs = 2,
                                Diffs = [new TestMatrixDiff { Output = "last_hidden_state", MaxAbsDiff = 1e-3, MaxRelDiff = null }],
                            },
                        ],
                    },
                    new TestMatrixBackend { Backend = "cuda", Checks = [new TestMatrixCheck { Check = "Loads", Outcome = "skipped", Message = "no GPU" }] },
                ],
            },
        ],
    };

    [Fact]
    public void Written_json_reads_back_with_every_field()
    {
        var json = Sample().ToJson();

        var read = TestMatrixReport.Read(json, "r.json");

        Assert.EndsWith("\n", json);
        Assert.StartsWith("{\n  \"formatVersion\": 1,\n  \"generatedAt\": ", json.Replace("\r\n", "\n"));
        Assert.Equal("1.31.1", read.OnnxRuntime);
        Assert.Equal((1, 1, 1), (read.Summary.Passed, read.Summary.Failed, read.Summary.Skipped));
        var model = Assert.Single(read.Models);
        Assert.Equal(("MiniLm", "fp32", "/p/MiniLm.model.json"), (model.Model, model.Precision, model.ManifestPath));
        Assert.Equal(120.5, model.Backends[0].LoadTimeMs);
        Assert.Null(model.Backends[1].LoadTimeMs);
        var failed = model.Backends[0].Checks[1];
        Assert.Equal(("failed", "off by | 1e-3"), (failed.Outcome, failed.Message));
        Assert.Equal(1e-3, failed.Diffs[0].MaxAbsDiff);
        Assert.Null(failed.Diffs[0].MaxRelDiff);
        Assert.Equal(json, read.ToJson());
    }

    [Theory]
    [InlineData("not json", "'r.json' is not a test-matrix report: ")]
    [InlineData("[]", "'r.json' is not a test-matrix report: it has no formatVersion.")]
    [InlineData("{\"models\": []}", "'r.json' is not a test-matrix report: it has no formatVersion.")]
    [InlineData("{\"formatVersion\": 2}", "'r.json' has test-matrix report format version 2; this version of Accelerate reads version 1.")]
    [InlineData("{\"formatVersion\": 1, \"models\": [{\"backends\": []}]}", "'r.json': a model has no name.")]
    [InlineData("{\"formatVersion\": 1, \"models\": [{\"model\": \"M\", \"backends\": [{\"checks\": []}]}]}", "'r.json': a backend of M has no name.")]
    [InlineData("{\"formatVersion\": 1, \"models\": [{\"model\": \"M\", \"backends\": [{\"backend\": \"cpu\", \"checks\": [{\"outcome\": \"passed\"}]}]}]}", "'r.json': a check of M[cpu] has no name.")]
    [InlineData("{\"formatVersion\": 1, \"models\": [{\"model\": \"M\", \"backends\": [{\"backend\": \"cpu\", \"checks\": [{\"check\": \"Loads\", \"outcome\": \"ok\"}]}]}]}", "'r.json': a check of M[cpu] has outcome 'ok'.")]
    [InlineData("{\"formatVersion\": 1, \"models\": 3}", "'r.json' is not a test-matrix report: it has no models list.")]
    [InlineData("{\"formatVersion\": 1}", "'r.json' is not a test-matrix report: it has no models list.")]
    public void A_bad_file_is_a_format_error_naming_it(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => TestMatrixReport.Read(json, "r.json"));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void A_report_cut_off_while_written_is_a_format_error()
    {
        var json = Sample().ToJson();

        var error = Assert.Throws<FormatException>(() => TestMatrixReport.Read(json[..(json.Length / 2)], "r.json"));

        Assert.StartsWith("'r.json' is not a test-matrix report: ", error.Message);
    }
}
