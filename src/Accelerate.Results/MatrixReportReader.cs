using Accelerate.Manifest.Reports;

namespace Accelerate.Results;

/// <summary>Turns <c>test-matrix.json</c> (<see cref="TestMatrixReport"/>) into one <see cref="TestResult"/> row per check.</summary>
internal static class MatrixReportReader
{
    public sealed record Report(string? OnnxRuntime, IReadOnlyList<TestResult> Results);

    /// <exception cref="InvalidDataException">The file is not a matrix report of the format version this library reads.</exception>
    public static Report Read(string path)
    {
        TestMatrixReport report;
        try
        {
            report = TestMatrixReport.Read(File.ReadAllText(path), path);
        }
        catch (FormatException e)
        {
            throw new InvalidDataException(e.Message, e);
        }

        var results = new List<TestResult>();
        foreach (var model in report.Models)
        {
            foreach (var backend in model.Backends)
            {
                foreach (var check in backend.Checks)
                {
                    results.Add(new TestResult
                    {
                        Model = model.Model,
                        Precision = model.Precision,
                        Manifest = model.ManifestPath,
                        Backend = backend.Backend,
                        Check = check.Check,
                        Outcome = check.Outcome,
                        Message = check.Message,
                        DurationMs = check.DurationMs,
                        // A difference written as null was not finite: it counts as +∞.
                        MaxAbsDiff = check.Diffs.Count == 0 ? null : check.Diffs.Max(d => d.MaxAbsDiff ?? double.PositiveInfinity),
                        MaxRelDiff = check.Diffs.Count == 0 ? null : check.Diffs.Max(d => d.MaxRelDiff ?? double.PositiveInfinity),
                        LoadTimeMs = backend.LoadTimeMs,
                    });
                }
            }
        }
        return new Report(report.OnnxRuntime, results);
    }
}
