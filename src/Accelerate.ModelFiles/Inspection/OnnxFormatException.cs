namespace Accelerate.ModelFiles.Inspection;

/// <summary>
/// Thrown when a file exists but is not a readable ONNX model (empty, truncated, not a protocol buffer,
/// or a protocol buffer without the parts every ONNX model has).
/// </summary>
public sealed class OnnxFormatException : Exception
{
    /// <summary>Creates the exception for <paramref name="modelPath"/> with a human-readable <paramref name="reason"/>.</summary>
    public OnnxFormatException(string modelPath, string reason, Exception? innerException = null)
        : base($"Cannot read the ONNX model '{modelPath}'. {reason}", innerException)
    {
        ModelPath = modelPath;
        Reason = reason;
    }

    /// <summary>Path of the file that could not be read.</summary>
    public string ModelPath { get; }

    /// <summary>What is wrong with the file, as one or two sentences without the path (for diagnostics placed on the file).</summary>
    public string Reason { get; }
}
