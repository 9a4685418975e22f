using Accelerate.Runtime;
using Accelerate.Testing.Tests.Support;
using Xunit.Sdk;

namespace Accelerate.Testing.Tests;

/// <summary>
/// Backend rows: an absent backend skips with the detector's reason, a required one fails, a restricted one skips, and
/// nothing ever runs on the CPU in its place. These set environment variables, so they run alone.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class BackendRowTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly EnvironmentScope _clean = new(
        (BackendSelection.AllowedVariable, null), (BackendSelection.RequiredVariable, null), (ModelMatrixTests.UpdateGoldensVariable, null));

    public void Dispose()
    {
        _clean.Dispose();
        _folder.Dispose();
    }

    private static string AbsentBackend() => Absent.Backend();

    [Fact]
    public void AnAbsentBackendRowIsSkippedWithTheDetectorsReason()
    {
        var backend = AbsentBackend();
        var reason = BackendDetector.Probe(backend).Reason;
        Assert.NotEmpty(reason);
        var spec = Models.MiniLm(_folder.Path);
        var matrix = new MiniLmMatrix(spec);

        foreach (var check in new Action<string>[] { matrix.RunLoads, matrix.RunMatchesGoldens, matrix.RunAgreesWithCpu, matrix.RunBatchMatchesSingles })
        {
            var skip = Skips.Catch(() => check(backend));
            Assert.Equal("$XunitDynamicSkip$" + reason, skip.Message);
        }

        var results = MatrixReport.Results.Where(r => r.ManifestPath == spec.ManifestPath).ToArray();
        Assert.Equal(4, results.Length);
        Assert.All(results, r => Assert.Equal((backend, MatrixOutcome.Skipped, reason), (r.Backend, r.Outcome, r.Message)));
    }

    [Fact]
    public void ARequiredAbsentBackendFailsInsteadOfSkipping()
    {
        var backend = AbsentBackend();
        using var env = new EnvironmentScope((BackendSelection.RequiredVariable, backend));

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(Models.MiniLm(_folder.Path)).RunLoads(backend));

        Assert.Equal(
            $"MiniLm[{backend}].Loads: {backend} is required (ACCELERATE_REQUIRE_BACKENDS={backend}) but unavailable: {BackendDetector.Probe(backend).Reason}",
            failure.Message);
    }

    [Fact]
    public void ARequirementBakedIntoTheTestAssemblyFailsToo()
    {
        var backend = AbsentBackend();
        var settings = new Dictionary<string, string> { ["AccelerateRequireBackends"] = backend };

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(Models.MiniLm(_folder.Path), settings).RunMatchesGoldens(backend));

        Assert.StartsWith($"MiniLm[{backend}].MatchesGoldens: {backend} is required (AccelerateRequireBackends={backend}) but unavailable: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ARestrictionSkipsRowsItDoesNotListAndRunsTheOthers()
    {
        using var env = new EnvironmentScope((BackendSelection.AllowedVariable, "cpu"));
        var spec = Models.MiniLm(_folder.Path);
        var matrix = new MiniLmMatrix(spec);

        var skip = Skips.Catch(() => matrix.RunLoads("cuda"));
        matrix.RunLoads("cpu");

        Assert.Equal("$XunitDynamicSkip$excluded by ACCELERATE_BACKENDS=cpu", skip.Message);
        Assert.Equal(
            [("cuda", MatrixOutcome.Skipped), ("cpu", MatrixOutcome.Passed)],
            MatrixReport.Results.Where(r => r.ManifestPath == spec.ManifestPath).Select(r => (r.Backend, r.Outcome)));
    }

    [Fact]
    public void ARestrictionBakedIntoTheTestAssemblyNamesTheProperty()
    {
        var settings = new Dictionary<string, string> { ["AccelerateBackends"] = "cpu" };

        var skip = Skips.Catch(() => new MiniLmMatrix(Models.MiniLm(_folder.Path), settings).RunIsDeterministic("openvino"));

        Assert.Equal("$XunitDynamicSkip$excluded by AccelerateBackends=cpu", skip.Message);
    }

    [Fact]
    public void AnUnknownBackendInTheEnvironmentFailsEveryCheckWithTheParsersMessage()
    {
        using var env = new EnvironmentScope((BackendSelection.AllowedVariable, "cpu,cudaa"));

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(Models.MiniLm(_folder.Path)).RunLoads("cpu"));

        Assert.StartsWith("MiniLm[cpu].Loads: ACCELERATE_BACKENDS=cpu,cudaa names an unknown backend: ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TheUpdateGoldensEnvironmentVariableRecords()
    {
        using var env = new EnvironmentScope((ModelMatrixTests.UpdateGoldensVariable, "1"));
        var spec = Models.MiniLm(_folder.Path);

        var recorded = new MiniLmMatrix(spec).RecordGoldens("cpu");

        Assert.True(File.Exists(spec.GoldensPath));
        Assert.Contains($"recorded goldens at {spec.GoldensPath}", recorded, StringComparison.Ordinal);
    }
}
