using System.Globalization;
using System.Text;
using Accelerate.Manifest.Reports;

namespace Accelerate.Testing;

/// <summary>
/// Collects the outcome of every matrix check in this process and writes the matrix report:
/// <c>test-matrix.json</c> and <c>test-matrix.md</c> in <see cref="DefaultDirectory"/>. Thread-safe.
/// </summary>
public static class MatrixReport
{
    /// <summary>The environment variable that moves the report: <c>ACCELERATE_MATRIX_REPORT_DIR</c>.</summary>
    public const string DirectoryVariable = "ACCELERATE_MATRIX_REPORT_DIR";

    /// <summary>The JSON report's file name.</summary>
    public const string JsonFileName = "test-matrix.json";

    /// <summary>The Markdown report's file name.</summary>
    public const string MarkdownFileName = "test-matrix.md";

    /// <summary>The order checks appear in as report columns; others follow in order of first appearance.</summary>
    private static readonly string[] CheckOrder =
    [
        "Loads", "MatchesSignature", "MatchesGoldens", "AgreesWithCpu", "BatchMatchesSingles", "IsDeterministic", "HasUnitNorm", "RanksSimilarAboveDissimilar",
    ];

    private static readonly object Gate = new();
    private static readonly List<MatrixCheckResult> Collected = [];

    /// <summary>
    /// Where the report goes: <c>ACCELERATE_MATRIX_REPORT_DIR</c> when set, else <c>accelerate</c> under the test
    /// assembly's output folder (<c>bin/&lt;Configuration&gt;/&lt;tfm&gt;/accelerate</c>).
    /// </summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } directory
            ? Path.GetFullPath(directory)
            : Path.Combine(AppContext.BaseDirectory, "accelerate");

    /// <summary>Every result recorded so far, in recording order.</summary>
    public static IReadOnlyList<MatrixCheckResult> Results
    {
        get
        {
            lock (Gate)
            {
                return Collected.ToArray();
            }
        }
    }

    /// <summary>Adds a result (the matrix checks call this themselves).</summary>
    /// <param name="result">The result.</param>
    public static void Record(MatrixCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        lock (Gate)
        {
            Collected.Add(result);
        }
    }

    /// <summary>Writes <c>test-matrix.json</c> and <c>test-matrix.md</c> for every result recorded so far.</summary>
    /// <param name="directory">The folder; <see langword="null"/> for <see cref="DefaultDirectory"/>. Created if missing.</param>
    /// <returns>The paths of the two files.</returns>
    public static (string JsonPath, string MarkdownPath) Write(string? directory = null)
    {
        directory ??= DefaultDirectory;
        Directory.CreateDirectory(directory);
        var results = Results;
        var generatedAt = DateTimeOffset.UtcNow;
        var json = Path.Combine(directory, JsonFileName);
        var markdown = Path.Combine(directory, MarkdownFileName);
        File.WriteAllText(json, ToJson(results, generatedAt), new UTF8Encoding(false));
        File.WriteAllText(markdown, ToMarkdown(results, generatedAt), new UTF8Encoding(false));
        return (json, markdown);
    }

    /// <summary>The JSON report: a summary, then models → backends → checks with outcome, message, duration and diffs.</summary>
    /// <param name="results">The results; when a check of a model's backend was recorded more than once, the last one counts.</param>
    /// <param name="generatedAt">The time to stamp the report with.</param>
    /// <returns>Indented JSON.</returns>
    public static string ToJson(IReadOnlyList<MatrixCheckResult> results, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(results);
        var models = Group(results);
        var latest = models.SelectMany(m => m.Rows).SelectMany(r => r.Checks).ToArray();
        var report = new TestMatrixReport
        {
            GeneratedAt = generatedAt.ToString("O", CultureInfo.InvariantCulture),
            Tool = Versions.Tool,
            OnnxRuntime = Versions.OnnxRuntime,
            Summary = new TestMatrixSummary
            {
                Passed = latest.Count(r => r.Outcome == MatrixOutcome.Passed),
                Failed = latest.Count(r => r.Outcome == MatrixOutcome.Failed),
                Skipped = latest.Count(r => r.Outcome == MatrixOutcome.Skipped),
            },
            Models = models.Select(model => new TestMatrixModel
            {
                Model = model.Model,
                Precision = model.Precision,
                ManifestPath = model.ManifestPath,
                Backends = model.Rows.Select(row => new TestMatrixBackend
                {
                    Backend = row.Backend,
                    LoadTimeMs = LoadTime(row.Checks) is { } load ? Math.Round(load.TotalMilliseconds, 1) : null,
                    Checks = row.Checks.Select(c => new TestMatrixCheck
                    {
                        Check = c.Check,
                        Outcome = Outcome(c.Outcome),
                        Message = c.Message,
                        DurationMs = Math.Round(c.Duration.TotalMilliseconds, 1),
                        Diffs = c.Diffs.Select(d => new TestMatrixDiff { Output = d.Output, MaxAbsDiff = Finite(d.MaxAbsDiff), MaxRelDiff = Finite(d.MaxRelDiff) }).ToList(),
                    }).ToList(),
                }).ToList(),
            }).ToList(),
        };
        return report.ToJson();
    }

    private static TimeSpan? LoadTime(IReadOnlyList<MatrixCheckResult> checks) =>
        checks.FirstOrDefault(c => c.Check == "Loads" && c.LoadTime is not null)?.LoadTime ?? checks.FirstOrDefault(c => c.LoadTime is not null)?.LoadTime;

    /// <summary>
    /// The Markdown report: per model a table with a row per backend and a column per check (✅ passed, ❌ failed,
    /// ⏭ skipped, — not run), numbered footnotes with every failure message and skip reason, and the largest differences.
    /// </summary>
    /// <param name="results">The results; when a check of a model's backend was recorded more than once, the last one counts.</param>
    /// <param name="generatedAt">The time to stamp the report with.</param>
    /// <returns>The Markdown text.</returns>
    public static string ToMarkdown(IReadOnlyList<MatrixCheckResult> results, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(results);
        var models = Group(results);
        var latest = models.SelectMany(m => m.Rows).SelectMany(r => r.Checks).ToArray();
        var md = new StringBuilder();
        md.Append("# Accelerate test matrix\n\n");
        md.Append(CultureInfo.InvariantCulture, $"{latest.Count(r => r.Outcome == MatrixOutcome.Passed)} passed, {latest.Count(r => r.Outcome == MatrixOutcome.Failed)} failed, {latest.Count(r => r.Outcome == MatrixOutcome.Skipped)} skipped");
        md.Append(CultureInfo.InvariantCulture, $" · {Versions.Tool} · ONNX Runtime {Versions.OnnxRuntime} · {generatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z\n\n");
        md.Append("✅ passed · ❌ failed · ⏭ skipped · — not run\n");
        if (models.Count == 0)
        {
            md.Append("\nNo matrix checks ran.\n");
        }

        foreach (var model in models)
        {
            var title = string.Equals(model.Precision, "fp32", StringComparison.OrdinalIgnoreCase) ? model.Model : $"{model.Model} ({model.Precision})";
            md.Append(CultureInfo.InvariantCulture, $"\n## {title}\n\nManifest: `{model.ManifestPath}`\n\n");
            var columns = model.Rows.SelectMany(r => r.Checks).Select(c => c.Check).Distinct()
                .OrderBy(c => Array.IndexOf(CheckOrder, c) is var i and >= 0 ? i : CheckOrder.Length).ToArray();
            md.Append("| Backend | Load | ").Append(string.Join(" | ", columns)).Append(" |\n");
            md.Append("|---|---:|").Append(string.Concat(columns.Select(_ => ":---:|"))).Append('\n');
            var notes = new List<string>();
            foreach (var (backend, checks) in model.Rows)
            {
                var load = LoadTime(checks);
                md.Append("| ").Append(backend).Append(" | ").Append(load is { } l ? Text.Milliseconds(l) : "—").Append(" |");
                foreach (var column in columns)
                {
                    var check = checks.FirstOrDefault(c => c.Check == column);
                    md.Append(' ').Append(check is null ? "—" : Cell(check, backend, notes)).Append(" |");
                }

                md.Append('\n');
            }

            if (notes.Count > 0)
            {
                md.Append('\n');
                for (var i = 0; i < notes.Count; i++)
                {
                    md.Append(CultureInfo.InvariantCulture, $"{i + 1}. {notes[i]}\n");
                }
            }

            var diffs = model.Rows.SelectMany(r => r.Checks.SelectMany(c => c.Diffs.Select(d => (r.Backend, c.Check, Diff: d)))).ToArray();
            if (diffs.Length > 0)
            {
                md.Append("\nLargest differences:\n\n| Backend | Check | Output | Max abs diff | Max rel diff |\n|---|---|---|---:|---:|\n");
                foreach (var (backend, check, diff) in diffs)
                {
                    md.Append(CultureInfo.InvariantCulture, $"| {backend} | {check} | {diff.Output} | {Text.Diff(diff.MaxAbsDiff)} | {Text.Diff(diff.MaxRelDiff)} |\n");
                }
            }
        }

        return md.ToString();
    }

    private static string Cell(MatrixCheckResult check, string backend, List<string> notes)
    {
        var symbol = check.Outcome switch
        {
            MatrixOutcome.Passed => "✅",
            MatrixOutcome.Failed => "❌",
            _ => "⏭",
        };
        if (check.Outcome == MatrixOutcome.Passed || string.IsNullOrWhiteSpace(check.Message))
        {
            return symbol;
        }

        // Equal reasons on one row (an absent backend skips every check) share one footnote.
        var lines = check.Message.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var note = $"**{backend}** {Outcome(check.Outcome)}: " + string.Join("<br>", lines.Select(l => l.Replace("|", "\\|", StringComparison.Ordinal).Trim()));
        var index = notes.IndexOf(note);
        if (index < 0)
        {
            notes.Add(note);
            index = notes.Count - 1;
        }

        return symbol + " [" + (index + 1).ToString(CultureInfo.InvariantCulture) + "]";
    }

    private static string Outcome(MatrixOutcome outcome) => outcome switch
    {
        MatrixOutcome.Passed => "passed",
        MatrixOutcome.Failed => "failed",
        _ => "skipped",
    };

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private sealed record ModelGroup(string Model, string Precision, string ManifestPath, IReadOnlyList<(string Backend, IReadOnlyList<MatrixCheckResult> Checks)> Rows);

    // Models in order of first result; rows in the order the model's backends list (cpu first), then by first result;
    // per row, the last result of each check.
    private static List<ModelGroup> Group(IReadOnlyList<MatrixCheckResult> results) =>
        results
            .GroupBy(r => (r.Model, r.Precision, r.ManifestPath))
            .Select(model =>
            {
                var order = model.SelectMany(r => r.Backends).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var rows = model
                    .GroupBy(r => r.Backend, StringComparer.OrdinalIgnoreCase)
                    .OrderBy(row => order.IndexOf(row.Key) is var i and >= 0 ? i : int.MaxValue)
                    .Select(row => (row.Key, (IReadOnlyList<MatrixCheckResult>)row.GroupBy(r => r.Check).Select(g => g.Last()).ToArray()))
                    .ToArray();
                return new ModelGroup(model.Key.Model, model.Key.Precision, model.Key.ManifestPath, rows);
            })
            .ToList();
}
