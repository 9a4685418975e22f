namespace Accelerate.Runtime;

/// <summary>Thrown when none of the requested backends can run a model and CPU fallback is not allowed.</summary>
public sealed class BackendUnavailableException : InvalidOperationException
{
    /// <summary>Creates the exception for <paramref name="modelPath"/> with one reason per backend tried.</summary>
    /// <param name="modelPath">The model that could not be opened.</param>
    /// <param name="reasons">Why each backend was skipped, as "name: reason".</param>
    public BackendUnavailableException(string modelPath, IReadOnlyList<string> reasons)
        : this(modelPath, reasons, $"None of the requested backends can run '{modelPath}' and CPU fallback is off (AllowCpuFallback = false).")
    {
    }

    /// <summary>Creates the exception with its own first line (why there is no fallback).</summary>
    /// <param name="modelPath">The model that could not be opened.</param>
    /// <param name="reasons">Why each backend was skipped, as "name: reason".</param>
    /// <param name="summary">The first line of the message.</param>
    public BackendUnavailableException(string modelPath, IReadOnlyList<string> reasons, string summary)
        : base(BuildMessage(summary, reasons))
    {
        ModelPath = modelPath;
        Reasons = reasons;
    }

    /// <summary>The model that could not be opened.</summary>
    public string ModelPath { get; }

    /// <summary>Why each requested backend was skipped, as "name: reason".</summary>
    public IReadOnlyList<string> Reasons { get; }

    private static string BuildMessage(string summary, IReadOnlyList<string> reasons) =>
        summary
        + Environment.NewLine + string.Join(Environment.NewLine, reasons.Select(r => "  " + r))
        + Environment.NewLine + "Add \"cpu\" to the backends, allow CPU fallback, or reference an ONNX Runtime package that contains the provider.";
}
