using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace Accelerate.Manifest.Reports;

/// <summary>
/// <c>test-matrix.json</c>, the one interface between a run of generated hardware-matrix tests and whatever reads it
/// (the build's report task, the results store, the CLI and the service): models → backends → checks.
/// Written by Accelerate.Testing; read with <see cref="Read"/> only, so every reader sees the same validation.
/// </summary>
public sealed class TestMatrixReport
{
    /// <summary>The format version this library writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>The outcome strings a check can have.</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["passed", "failed", "skipped"];

    /// <summary>Always <see cref="CurrentFormatVersion"/> when written by this library.</summary>
    public int FormatVersion { get; set; } = CurrentFormatVersion;

    /// <summary>When the run wrote the report (ISO 8601).</summary>
    public string? GeneratedAt { get; set; }

    /// <summary>The Accelerate version that ran the checks.</summary>
    public string? Tool { get; set; }

    /// <summary>The ONNX Runtime version the checks ran on.</summary>
    public string? OnnxRuntime { get; set; }

    /// <summary>Counts over the latest result of every check.</summary>
    public TestMatrixSummary Summary { get; set; } = new();

    /// <summary>The models, in order of first result.</summary>
    public List<TestMatrixModel> Models { get; set; } = [];

    /// <summary>The report as indented JSON, ending with a newline. A non-finite difference is written as <c>null</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, ReportJson.Options) + "\n";

    /// <summary>
    /// Reads and checks a report. A malformed or foreign file (no format version, another version, a model, backend or
    /// check without its name, an unknown outcome) is a <see cref="FormatException"/> whose message names <paramref name="source"/>.
    /// </summary>
    /// <param name="json">The file's text.</param>
    /// <param name="source">What to call it in messages (usually its path).</param>
    public static TestMatrixReport Read(string json, string source)
    {
        // A run that started writing always writes the models list (empty when no check ran); without it the file is not ours.
        var report = ReportJson.Read<TestMatrixReport>(json, source, "test-matrix report", CurrentFormatVersion, "models");
        foreach (var model in report.Models)
        {
            if (string.IsNullOrEmpty(model.Model)) throw new FormatException($"'{source}': a model has no name.");
            foreach (var backend in model.Backends)
            {
                if (string.IsNullOrEmpty(backend.Backend)) throw new FormatException($"'{source}': a backend of {model.Model} has no name.");
                foreach (var check in backend.Checks)
                {
                    if (string.IsNullOrEmpty(check.Check)) throw new FormatException($"'{source}': a check of {model.Model}[{backend.Backend}] has no name.");
                    if (!Outcomes.Contains(check.Outcome)) throw new FormatException($"'{source}': a check of {model.Model}[{backend.Backend}] has outcome '{check.Outcome}'.");
                }
            }
        }
        return report;
    }
}

/// <summary>Counts of a report.</summary>
public sealed class TestMatrixSummary
{
    /// <summary>Checks that passed.</summary>
    public int Passed { get; set; }

    /// <summary>Checks that failed.</summary>
    public int Failed { get; set; }

    /// <summary>Checks that were skipped (an absent backend, recording mode).</summary>
    public int Skipped { get; set; }
}

/// <summary>One model (one precision variant) of a report.</summary>
public sealed class TestMatrixModel
{
    /// <summary>The model's name (the manifest's <c>name</c>).</summary>
    public string Model { get; set; } = "";

    /// <summary>The precision variant (<c>fp32</c> for the main model).</summary>
    public string Precision { get; set; } = "fp32";

    /// <summary>The manifest's full path, where the build places diagnostics.</summary>
    public string? ManifestPath { get; set; }

    /// <summary>One row per backend, cpu first.</summary>
    public List<TestMatrixBackend> Backends { get; set; } = [];
}

/// <summary>One backend row of a model.</summary>
public sealed class TestMatrixBackend
{
    /// <summary>The backend (cpu, cuda, …).</summary>
    public string Backend { get; set; } = "";

    /// <summary>How long the session took to open, when it opened.</summary>
    public double? LoadTimeMs { get; set; }

    /// <summary>The latest result of each check.</summary>
    public List<TestMatrixCheck> Checks { get; set; } = [];
}

/// <summary>One check of a backend row.</summary>
public sealed class TestMatrixCheck
{
    /// <summary>The check's name (Loads, MatchesGoldens, …).</summary>
    public string Check { get; set; } = "";

    /// <summary><c>passed</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public string Outcome { get; set; } = "";

    /// <summary>The failure message or skip reason.</summary>
    public string? Message { get; set; }

    /// <summary>How long the check ran.</summary>
    public double DurationMs { get; set; }

    /// <summary>The largest differences per output, for checks that compare numbers.</summary>
    public List<TestMatrixDiff> Diffs { get; set; } = [];
}

/// <summary>The largest differences of one output.</summary>
public sealed class TestMatrixDiff
{
    /// <summary>The output's name.</summary>
    public string Output { get; set; } = "";

    /// <summary>The largest absolute difference; <see langword="null"/> when it was not finite.</summary>
    public double? MaxAbsDiff { get; set; }

    /// <summary>The largest relative difference; <see langword="null"/> when it was not finite.</summary>
    public double? MaxRelDiff { get; set; }
}
