using System.Text.Json;

namespace Accelerate.Results;

/// <summary>
/// Reads <c>test-matrix.json</c> (format version 1, written by Accelerate.Testing's <c>MatrixReport.ToJson</c>):
/// <c>{ formatVersion, generatedAt, tool, onnxRuntime, summary, models: [ { model, precision, manifestPath,
/// backends: [ { backend, loadTimeMs, checks: [ { check, outcome, message, durationMs, diffs: [ { output, maxAbsDiff,
/// maxRelDiff } ] } ] } ] } ] }</c>. A diff written as <c>null</c> was not finite; it counts as +∞.
/// </summary>
internal static class MatrixReportReader
{
    public sealed record Report(string? OnnxRuntime, IReadOnlyList<TestResult> Results);

    public static Report Read(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a test-matrix report: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("formatVersion", out var format) || format.ValueKind != JsonValueKind.Number)
            {
                throw new InvalidDataException($"'{path}' is not a test-matrix report: it has no formatVersion.");
            }

            if (format.GetInt32() != 1)
            {
                throw new InvalidDataException($"'{path}' has test-matrix format version {format.GetInt32()}; this Accelerate.Results reads version 1.");
            }

            var results = new List<TestResult>();
            foreach (var model in Array(root, "models"))
            {
                var name = String(model, "model") ?? throw new InvalidDataException($"'{path}': a model has no name.");
                var precision = String(model, "precision") ?? "fp32";
                var manifest = String(model, "manifestPath");
                foreach (var backend in Array(model, "backends"))
                {
                    var backendName = String(backend, "backend") ?? throw new InvalidDataException($"'{path}': a backend of {name} has no name.");
                    var load = Number(backend, "loadTimeMs");
                    foreach (var check in Array(backend, "checks"))
                    {
                        var diffs = Array(check, "diffs").ToArray();
                        results.Add(new TestResult
                        {
                            Model = name,
                            Precision = precision,
                            Manifest = manifest,
                            Backend = backendName,
                            Check = String(check, "check") ?? throw new InvalidDataException($"'{path}': a check of {name}[{backendName}] has no name."),
                            Outcome = String(check, "outcome") is { } outcome && TestOutcomes.IsKnown(outcome)
                                ? outcome
                                : throw new InvalidDataException($"'{path}': a check of {name}[{backendName}] has outcome '{String(check, "outcome")}'."),
                            Message = String(check, "message"),
                            DurationMs = Number(check, "durationMs") ?? 0,
                            MaxAbsDiff = MaxDiff(diffs, "maxAbsDiff"),
                            MaxRelDiff = MaxDiff(diffs, "maxRelDiff"),
                            LoadTimeMs = load,
                        });
                    }
                }
            }

            return new Report(String(root, "onnxRuntime"), results);
        }
    }

    private static double? MaxDiff(JsonElement[] diffs, string property) =>
        diffs.Length == 0 ? null : diffs.Max(d => Number(d, property) ?? double.PositiveInfinity);

    private static IEnumerable<JsonElement> Array(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];

    private static string? String(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;
}
