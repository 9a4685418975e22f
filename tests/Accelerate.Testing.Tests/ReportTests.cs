using System.Text.Json;
using Accelerate.Runtime;
using Accelerate.Testing.Tests.Support;
using Xunit.Sdk;

namespace Accelerate.Testing.Tests;

/// <summary>The matrix report the assembly fixture writes when a run ends.</summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ReportTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void TheDirectoryDefaultsBesideTheTestsAndFollowsTheVariable()
    {
        using (new EnvironmentScope((MatrixReport.DirectoryVariable, null)))
        {
            Assert.Equal(Path.Combine(AppContext.BaseDirectory, "accelerate"), MatrixReport.DefaultDirectory);
        }

        using (new EnvironmentScope((MatrixReport.DirectoryVariable, _folder.Path)))
        {
            Assert.Equal(_folder.Path, MatrixReport.DefaultDirectory);
        }
    }

    [Fact]
    public void TheFixtureWritesJsonAndMarkdownWithPassedFailedAndSkippedRows()
    {
        var models = Path.Combine(_folder.Path, "models");
        var reports = Path.Combine(_folder.Path, "reports");
        Directory.CreateDirectory(models);
        using var env = new EnvironmentScope(
            (MatrixReport.DirectoryVariable, reports), (BackendSelection.AllowedVariable, null), (BackendSelection.RequiredVariable, null), (ModelMatrixTests.UpdateGoldensVariable, null));
        var spec = Models.MiniLm(models);
        var matrix = new MiniLmMatrix(spec);
        var fixture = new MatrixReportFixture();

        matrix.RunLoads("cpu");                                                           // passed
        Assert.Throws<FailException>(() => matrix.RunMatchesGoldens("cpu"));              // failed: no goldens
        matrix.RunBatchMatchesSingles("cpu");                                             // passed, with diffs
        var absent = Absent.Backend();
        var skip = Skips.Catch(() => matrix.RunLoads(absent));          // skipped: not on this machine
        fixture.Dispose();

        Assert.Equal((Path.Combine(reports, "test-matrix.json"), Path.Combine(reports, "test-matrix.md")), fixture.Written);
        var reason = BackendDetector.Probe(absent).Reason;
        Assert.EndsWith(reason, skip.Message, StringComparison.Ordinal);

        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(reports, "test-matrix.json")));
        var model = json.RootElement.GetProperty("models").EnumerateArray().Single(m => m.GetProperty("manifestPath").GetString() == spec.ManifestPath);
        Assert.Equal("MiniLm", model.GetProperty("model").GetString());
        var rows = model.GetProperty("backends").EnumerateArray().ToArray();
        Assert.Equal(["cpu", absent], rows.Select(r => r.GetProperty("backend").GetString()));
        Assert.True(rows[0].GetProperty("loadTimeMs").GetDouble() > 0);
        var cpu = rows[0].GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("check").GetString()!);
        Assert.Equal("passed", cpu["Loads"].GetProperty("outcome").GetString());
        Assert.Equal("failed", cpu["MatchesGoldens"].GetProperty("outcome").GetString());
        Assert.StartsWith("MiniLm[cpu].MatchesGoldens: No goldens for MiniLm at ", cpu["MatchesGoldens"].GetProperty("message").GetString(), StringComparison.Ordinal);
        var diff = cpu["BatchMatchesSingles"].GetProperty("diffs").EnumerateArray().Single();
        Assert.Equal("embedding", diff.GetProperty("output").GetString());
        Assert.InRange(diff.GetProperty("maxAbsDiff").GetDouble(), 0, 1e-4);
        Assert.InRange(diff.GetProperty("maxRelDiff").GetDouble(), 0, 1);
        var skipped = rows[1].GetProperty("checks").EnumerateArray().Single();
        Assert.Equal(("Loads", "skipped", reason), (skipped.GetProperty("check").GetString(), skipped.GetProperty("outcome").GetString(), skipped.GetProperty("message").GetString()));
        Assert.True(json.RootElement.GetProperty("summary").GetProperty("failed").GetInt32() >= 1);

        var markdown = File.ReadAllText(Path.Combine(reports, "test-matrix.md"));
        var section = markdown[markdown.IndexOf($"Manifest: `{spec.ManifestPath}`", StringComparison.Ordinal)..];
        section = section.Contains("\n## ", StringComparison.Ordinal) ? section[..section.IndexOf("\n## ", StringComparison.Ordinal)] : section;
        Assert.Contains("| Backend | Load | Loads | MatchesGoldens | BatchMatchesSingles |", section, StringComparison.Ordinal);
        Assert.Matches(@"\| cpu \| [\d.]+ ms \| ✅ \| ❌ \[1\] \| ✅ \|", section);
        Assert.Contains($"| {absent} | — | ⏭ [2] | — | — |", section, StringComparison.Ordinal);
        Assert.Contains("1. **cpu** failed: MiniLm[cpu].MatchesGoldens: No goldens for MiniLm at ", section, StringComparison.Ordinal);
        Assert.Contains($"2. **{absent}** skipped: {reason}", section, StringComparison.Ordinal);
        Assert.Matches(@"\| cpu \| BatchMatchesSingles \| embedding \| \d\.\de[-+]\d\d \| \d\.\de[-+]\d\d \|", section);
    }

    [Fact]
    public void RowsWithOneReasonShareOneFootnote()
    {
        var results = new[] { "Loads", "MatchesGoldens", "AgreesWithCpu" }.Select(check => new MatrixCheckResult
        {
            Model = "M",
            ManifestPath = "/m.model.json",
            Backend = "cuda",
            Check = check,
            Outcome = MatrixOutcome.Skipped,
            Message = "CUDAExecutionProvider is not in this ONNX Runtime build",
            Backends = ["cpu", "cuda"],
        }).Append(new MatrixCheckResult { Model = "M", ManifestPath = "/m.model.json", Backend = "cpu", Check = "Loads", Outcome = MatrixOutcome.Passed, Backends = ["cpu", "cuda"] }).ToArray();

        var markdown = MatrixReport.ToMarkdown(results, DateTimeOffset.UnixEpoch);

        Assert.Contains(
            "| Backend | Load | Loads | MatchesGoldens | AgreesWithCpu |\n|---|---:|:---:|:---:|:---:|\n"
            + "| cpu | — | ✅ | — | — |\n"
            + "| cuda | — | ⏭ [1] | ⏭ [1] | ⏭ [1] |\n\n"
            + "1. **cuda** skipped: CUDAExecutionProvider is not in this ONNX Runtime build\n",
            markdown,
            StringComparison.Ordinal);
        Assert.Contains("1 passed, 0 failed, 3 skipped", markdown, StringComparison.Ordinal);
    }
}
