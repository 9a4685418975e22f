using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>
/// One <see cref="OrtValue"/> slot of a reusable run context: keeps the value bound to a buffer's array between runs,
/// keyed by the array's identity and the shape, and re-creates it only when either changes. Numeric data is pinned
/// while bound; string tensors are copied into a new value for every run (their content cannot be tracked).
/// Not thread-safe: a slot belongs to one call at a time (see <see cref="ContextPool{T}"/>).
/// </summary>
internal sealed class BoundValue
{
    private Array? _array;
    private long[] _shape = [];
    private OrtValue? _value;
    private bool _transient;

    /// <summary>The value over <paramref name="source"/>, reused when it is bound to the same array and shape.</summary>
    public OrtValue Bind(IOrtValueSource source, long[] shape)
    {
        if (!source.IsPinned)
        {
            Release();
            _value = source.CreateOrtValue();
            _transient = true;
            return _value;
        }

        if (_value is not null && ReferenceEquals(_array, source.DataArray) && shape.AsSpan().SequenceEqual(_shape))
        {
            return _value;
        }

        Release();
        _value = source.CreateOrtValue();
        _array = source.DataArray;
        if (_shape.Length != shape.Length)
        {
            _shape = new long[shape.Length];
        }

        shape.CopyTo(_shape, 0);
        return _value;
    }

    /// <summary>After a run: releases values that are not worth keeping (string copies).</summary>
    public void AfterRun()
    {
        if (_transient)
        {
            Release();
        }
    }

    /// <summary>Disposes the value (unpinning its array) and forgets the key.</summary>
    public void Release()
    {
        _value?.Dispose();
        _value = null;
        _array = null;
        _transient = false;
    }
}
