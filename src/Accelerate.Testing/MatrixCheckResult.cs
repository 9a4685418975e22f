namespace Accelerate.Testing;

/// <summary>How one matrix check ended.</summary>
public enum MatrixOutcome
{
    /// <summary>The check ran and held.</summary>
    Passed,

    /// <summary>The check ran and did not hold, or a required backend was absent.</summary>
    Failed,

    /// <summary>The check did not run; <see cref="MatrixCheckResult.Message"/> says why.</summary>
    Skipped,
}

/// <summary>One check of one model on one backend, as the matrix report shows it.</summary>
public sealed record MatrixCheckResult
{
    /// <summary>The model name, e.g. <c>MiniLm</c>.</summary>
    public required string Model { get; init; }

    /// <summary>The manifest the model comes from.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>The backend row, e.g. <c>cpu</c>.</summary>
    public required string Backend { get; init; }

    /// <summary>The check, e.g. <c>MatchesGoldens</c>.</summary>
    public required string Check { get; init; }

    /// <summary>How it ended.</summary>
    public required MatrixOutcome Outcome { get; init; }

    /// <summary>The failure message or skip reason; a short note (or <see langword="null"/>) when it passed.</summary>
    public string? Message { get; init; }

    /// <summary>How long the check took, loading included.</summary>
    public TimeSpan Duration { get; init; }

    /// <summary>How long the model took to load on the backend, when the check loaded it.</summary>
    public TimeSpan? LoadTime { get; init; }

    /// <summary>The largest differences per output, for checks that compare outputs.</summary>
    public IReadOnlyList<OutputDiff> Diffs { get; init; } = [];

    /// <summary>The precision variant, e.g. <c>fp32</c>.</summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>The backend rows the model's tests have, in order (orders the report's rows).</summary>
    public IReadOnlyList<string> Backends { get; init; } = [];
}
