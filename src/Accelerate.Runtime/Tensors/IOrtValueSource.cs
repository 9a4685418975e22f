using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>Implemented by tensor buffers that can hand ONNX Runtime a value over their data.</summary>
internal interface IOrtValueSource
{
    /// <summary>Creates a value over (numeric: pinned, not copied) or from (string: copied) the buffer's data; the caller disposes it.</summary>
    OrtValue CreateOrtValue();
}
