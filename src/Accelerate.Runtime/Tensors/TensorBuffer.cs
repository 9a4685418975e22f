using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Accelerate.Runtime;

/// <summary>A dense tensor of <typeparamref name="T"/> stored row-major in <see cref="Data"/>.</summary>
/// <typeparam name="T">
/// One of <see cref="float"/>, <see cref="double"/>, <see cref="sbyte"/>, <see cref="byte"/>, <see cref="short"/>,
/// <see cref="ushort"/>, <see cref="int"/>, <see cref="uint"/>, <see cref="long"/>, <see cref="ulong"/>,
/// <see cref="bool"/>, <see cref="Float16"/>, <see cref="BFloat16"/> or <see cref="string"/>.
/// </typeparam>
public sealed class TensorBuffer<T> : ITensorBuffer, IOrtValueSource
{
    private readonly TensorElementType _onnxElementType;

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    /// <param name="data">The elements, row-major; its length must equal the product of <paramref name="shape"/>.</param>
    /// <param name="shape">The dimensions; each must be zero or positive.</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is not an ONNX tensor element type.</exception>
    /// <exception cref="ArgumentException">A dimension is negative, or the data length does not match the shape.</exception>
    public TensorBuffer(T[] data, long[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        _onnxElementType = TensorElementTypes.Of(typeof(T));
        var elements = ElementCount(shape);
        if (elements != data.LongLength)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"Shape [{string.Join(", ", shape)}] holds {elements} elements but the data has {data.LongLength}."),
                nameof(data));
        }

        Data = data;
        Shape = shape;
    }

    /// <summary>A new tensor of the given shape filled with the default value (empty strings for string tensors).</summary>
    /// <param name="shape">The dimensions; each must be zero or positive.</param>
    /// <returns>The zero-filled tensor.</returns>
    public static TensorBuffer<T> Zeros(long[] shape)
    {
        var data = new T[checked((int)ElementCount(shape))];
        if (typeof(T) == typeof(string))
        {
            // ONNX Runtime rejects null strings; an empty string is the string tensor's zero.
            Array.Fill((string[])(object)data, string.Empty);
        }
        return new TensorBuffer<T>(data, shape);
    }

    /// <summary>The elements, row-major.</summary>
    public T[] Data { get; }

    /// <inheritdoc />
    public long[] Shape { get; }

    /// <inheritdoc />
    public Type ElementType => typeof(T);

    /// <summary>The product of the dimensions (1 for a scalar).</summary>
    /// <param name="shape">The dimensions.</param>
    /// <returns>The number of elements a tensor of that shape holds.</returns>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public static long ElementCount(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (var dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException(
                    string.Create(CultureInfo.InvariantCulture, $"Shape [{string.Join(", ", shape)}] has a negative dimension."), nameof(shape));
            }

            count = checked(count * dim);
        }

        return count;
    }

    Array IOrtValueSource.DataArray => Data;

    TensorElementType IOrtValueSource.OnnxElementType => _onnxElementType;

    bool IOrtValueSource.IsPinned => typeof(T) != typeof(string);

    OrtValue IOrtValueSource.CreateOrtValue() => TensorElementTypes.CreateOrtValue(Data, Shape);
}
