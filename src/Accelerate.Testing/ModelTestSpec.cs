namespace Accelerate.Testing;

/// <summary>
/// What the generated matrix tests of one model check: generated from the manifest and the model signature the build read.
/// Immutable.
/// </summary>
public sealed record ModelTestSpec
{
    /// <summary>The tolerance used for <c>fp32</c> when the manifest names none.</summary>
    public const double DefaultFp32Tolerance = 1e-4;

    /// <summary>The model's C# name, e.g. <c>MiniLm</c>; it names the test rows and the goldens file.</summary>
    public required string ModelName { get; init; }

    /// <summary>The full path of the manifest; the goldens live beside it as <c>&lt;ModelName&gt;.goldens.json</c>.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>The manifest's task, e.g. <c>feature-extraction</c>.</summary>
    public required string Task { get; init; }

    /// <summary>The SHA-256 (hex) of the model file the build inspected; goldens recorded from another model fail.</summary>
    public required string ModelSha256 { get; init; }

    /// <summary>The backend rows: the manifest's backends and <c>cpu</c>, <c>cpu</c> first.</summary>
    public IReadOnlyList<string> Backends { get; init; } = ["cpu"];

    /// <summary>Absolute tolerance per precision, e.g. <c>fp32</c> → <c>1e-4</c>.</summary>
    public IReadOnlyDictionary<string, double> Tolerances { get; init; } =
        new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase) { ["fp32"] = DefaultFp32Tolerance };

    /// <summary>The precision variant these rows test (default <c>fp32</c>); it selects the tolerance and the goldens file.</summary>
    public string Precision { get; init; } = "fp32";

    /// <summary>The graph inputs as the build saw them.</summary>
    public IReadOnlyList<TensorContract> Inputs { get; init; } = [];

    /// <summary>The graph outputs as the build saw them.</summary>
    public IReadOnlyList<TensorContract> Outputs { get; init; } = [];

    /// <summary>
    /// The goldens file: <c>&lt;ModelName&gt;.goldens.json</c> beside the manifest for <c>fp32</c>,
    /// <c>&lt;ModelName&gt;.&lt;Precision&gt;.goldens.json</c> for other precisions.
    /// </summary>
    public string GoldensPath
    {
        get
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(ManifestPath)) ?? ".";
            var file = string.Equals(Precision, "fp32", StringComparison.OrdinalIgnoreCase)
                ? $"{ModelName}.goldens.json"
                : $"{ModelName}.{Precision}.goldens.json";
            return Path.Combine(directory, file);
        }
    }

    /// <summary>The absolute tolerance for <see cref="Precision"/> (a method, so a spec without one still prints).</summary>
    /// <returns>The tolerance from <see cref="Tolerances"/>, or <see cref="DefaultFp32Tolerance"/> for <c>fp32</c>.</returns>
    /// <exception cref="InvalidOperationException">The manifest gives none for this precision (and it is not <c>fp32</c>).</exception>
    public double GetTolerance() =>
        Tolerances.TryGetValue(Precision, out var tolerance) ? tolerance
        : string.Equals(Precision, "fp32", StringComparison.OrdinalIgnoreCase) ? DefaultFp32Tolerance
        : throw new InvalidOperationException(
            $"{ModelName} has no tolerance for precision '{Precision}': add \"tests\": {{ \"tolerance\": {{ \"{Precision}\": ... }} }} to {ManifestPath}.");
}
