using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Accelerate.Runtime;

/// <summary>Maps CLR element types to ONNX tensor element types and moves data between buffers and <see cref="OrtValue"/>s.</summary>
internal static class TensorElementTypes
{
    private static readonly Dictionary<Type, TensorElementType> ByClrType = new()
    {
        [typeof(float)] = TensorElementType.Float,
        [typeof(double)] = TensorElementType.Double,
        [typeof(sbyte)] = TensorElementType.Int8,
        [typeof(byte)] = TensorElementType.UInt8,
        [typeof(short)] = TensorElementType.Int16,
        [typeof(ushort)] = TensorElementType.UInt16,
        [typeof(int)] = TensorElementType.Int32,
        [typeof(uint)] = TensorElementType.UInt32,
        [typeof(long)] = TensorElementType.Int64,
        [typeof(ulong)] = TensorElementType.UInt64,
        [typeof(bool)] = TensorElementType.Bool,
        [typeof(Float16)] = TensorElementType.Float16,
        [typeof(BFloat16)] = TensorElementType.BFloat16,
        [typeof(string)] = TensorElementType.String,
    };

    /// <summary>The ONNX element type for <paramref name="clrType"/>.</summary>
    public static TensorElementType Of(Type clrType) =>
        ByClrType.TryGetValue(clrType, out var type)
            ? type
            : throw new NotSupportedException(
                $"{clrType} is not an ONNX tensor element type. Use one of: {string.Join(", ", ByClrType.Keys.Select(t => t.Name))}.");

    /// <summary>Creates a value over <paramref name="data"/>: numeric arrays are pinned (no copy), strings are copied.</summary>
    public static OrtValue CreateOrtValue<T>(T[] data, long[] shape)
    {
        if (data is string[] strings)
        {
            var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
            for (var i = 0; i < strings.Length; i++)
            {
                value.StringTensorSetElementAt(strings[i].AsSpan(), i);
            }

            return value;
        }

        return PinnedFactory<T>.Create(data, shape);
    }

    /// <summary>Copies a tensor output of ONNX Runtime into a managed buffer of the matching element type.</summary>
    public static ITensorBuffer ReadTensor(OrtValue value, string name)
    {
        if (!value.IsTensor)
        {
            throw new NotSupportedException($"Output '{name}' is a {value.OnnxType}, not a tensor; ModelSession.Run returns tensors only.");
        }

        var info = value.GetTensorTypeAndShape();
        var shape = info.Shape;
        return info.ElementDataType switch
        {
            TensorElementType.Float => Copy<float>(value, shape),
            TensorElementType.Double => Copy<double>(value, shape),
            TensorElementType.Int8 => Copy<sbyte>(value, shape),
            TensorElementType.UInt8 => Copy<byte>(value, shape),
            TensorElementType.Int16 => Copy<short>(value, shape),
            TensorElementType.UInt16 => Copy<ushort>(value, shape),
            TensorElementType.Int32 => Copy<int>(value, shape),
            TensorElementType.UInt32 => Copy<uint>(value, shape),
            TensorElementType.Int64 => Copy<long>(value, shape),
            TensorElementType.UInt64 => Copy<ulong>(value, shape),
            TensorElementType.Bool => Copy<bool>(value, shape),
            TensorElementType.Float16 => Copy<Float16>(value, shape),
            TensorElementType.BFloat16 => Copy<BFloat16>(value, shape),
            TensorElementType.String => new TensorBuffer<string>(value.GetStringTensorAsArray(), shape),
            var other => throw new NotSupportedException($"Output '{name}' has element type {other}, which has no TensorBuffer mapping."),
        };
    }

    private static TensorBuffer<T> Copy<T>(OrtValue value, long[] shape)
        where T : unmanaged =>
        new(value.GetTensorDataAsSpan<T>().ToArray(), shape);

    /// <summary>
    /// One cached delegate per element type: <see cref="OrtValue.CreateTensorValueFromMemory{T}(T[], long[])"/> needs
    /// an unmanaged <typeparamref name="T"/>, which an unconstrained generic cannot name directly.
    /// </summary>
    private static class PinnedFactory<T>
    {
        public static readonly Func<T[], long[], OrtValue> Create = Build();

        private static Func<T[], long[], OrtValue> Build() => typeof(T) switch
        {
            var t when t == typeof(float) => Over<float>(),
            var t when t == typeof(double) => Over<double>(),
            var t when t == typeof(sbyte) => Over<sbyte>(),
            var t when t == typeof(byte) => Over<byte>(),
            var t when t == typeof(short) => Over<short>(),
            var t when t == typeof(ushort) => Over<ushort>(),
            var t when t == typeof(int) => Over<int>(),
            var t when t == typeof(uint) => Over<uint>(),
            var t when t == typeof(long) => Over<long>(),
            var t when t == typeof(ulong) => Over<ulong>(),
            var t when t == typeof(bool) => Over<bool>(),
            var t when t == typeof(Float16) => Over<Float16>(),
            var t when t == typeof(BFloat16) => Over<BFloat16>(),
            _ => (_, _) => throw new NotSupportedException($"{typeof(T)} is not an ONNX tensor element type."),
        };

        // Only called with U == T, so the casts through object always succeed.
        private static Func<T[], long[], OrtValue> Over<U>()
            where U : unmanaged =>
            (Func<T[], long[], OrtValue>)(object)new Func<U[], long[], OrtValue>(OrtValue.CreateTensorValueFromMemory);
    }
}
