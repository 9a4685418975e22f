namespace Accelerate.Runtime;

/// <summary>
/// How a <see cref="ModelSession"/> picks its backend and configures ONNX Runtime. Immutable; a record so a
/// generated class's manifest defaults can be adjusted with <c>MiniLm.DefaultOptions with { IntraOpThreads = 2 }</c>.
/// </summary>
public sealed record AccelerateSessionOptions
{
    /// <summary>The options every setting of which is its default.</summary>
    public static AccelerateSessionOptions Default { get; } = new();

    /// <summary>Backend short names in order of preference; <see langword="null"/> uses the model manifest's list.</summary>
    public IReadOnlyList<string>? Backends { get; init; }

    /// <summary>Whether to use the CPU when none of the preferred backends is available (default <see langword="true"/>).</summary>
    public bool AllowCpuFallback { get; init; } = true;

    /// <summary>
    /// The precision variant to load (a key of the generated class's <c>VariantFiles</c>, e.g. <c>int8</c>);
    /// <see langword="null"/> or <c>fp32</c> loads the manifest's main model.
    /// </summary>
    public string? Variant { get; init; }

    /// <summary>Threads one operator may use; 0 leaves ONNX Runtime's default (one per physical core).</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Threads for running independent operators in parallel; 0 leaves ONNX Runtime's default.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>How much ONNX Runtime rewrites the graph (default <see cref="GraphOptimization.All"/>).</summary>
    public GraphOptimization GraphOptimization { get; init; } = GraphOptimization.All;

    /// <summary>
    /// Whether idle ONNX Runtime worker threads spin; <see langword="null"/> keeps ONNX Runtime's default (spin).
    /// <see langword="false"/> lowers CPU use and stops spinning threads from distorting benchmarks on few cores.
    /// </summary>
    public bool? AllowSpinning { get; init; }

    /// <summary>
    /// Where a fallback is reported (a session that opens on another backend than the first one preferred, e.g. the CPU
    /// for <c>"backends": ["cuda"]</c> on a machine without CUDA): a warning with every skipped backend's reason.
    /// Without a logger the same warning goes to the <c>Accelerate-Runtime</c> EventSource and to
    /// <see cref="System.Diagnostics.Trace"/>.
    /// </summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }
}
