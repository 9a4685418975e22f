using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Accelerate.Runtime;

/// <summary>Implemented by tensor buffers that can hand ONNX Runtime a value over their data.</summary>
internal interface IOrtValueSource
{
    /// <summary>The managed array holding the elements (its identity keys cached bindings).</summary>
    Array DataArray { get; }

    /// <summary>The ONNX element type of the elements.</summary>
    TensorElementType OnnxElementType { get; }

    /// <summary>Whether <see cref="CreateOrtValue"/> pins the data (numeric) rather than copying it (string).</summary>
    bool IsPinned { get; }

    /// <summary>Creates a value over (numeric: pinned, not copied) or from (string: copied) the buffer's data; the caller disposes it.</summary>
    OrtValue CreateOrtValue();
}
