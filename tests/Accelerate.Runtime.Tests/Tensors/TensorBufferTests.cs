using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime.Tests.Tensors;

public sealed class TensorBufferTests
{
    [Fact]
    public void DataLengthMustMatchTheShape()
    {
        var error = Assert.Throws<ArgumentException>(() => new TensorBuffer<float>(new float[5], [2, 3]));
        Assert.Contains("[2, 3] holds 6 elements but the data has 5", error.Message);
        Assert.Throws<ArgumentException>(() => new TensorBuffer<int>(new int[0], [-1, 0]));
        Assert.Throws<ArgumentNullException>(() => new TensorBuffer<int>(null!, [1]));
    }

    [Fact]
    public void ScalarsAndEmptyTensorsAreValid()
    {
        Assert.Empty(new TensorBuffer<long>([7], []).Shape);
        Assert.Empty(new TensorBuffer<long>([], [0, 4]).Data);
        Assert.Equal(24, TensorBuffer<float>.ElementCount([2, 3, 4]));
    }

    [Fact]
    public void OnlyOnnxElementTypesAreAccepted()
    {
        Assert.Throws<NotSupportedException>(() => new TensorBuffer<decimal>([1m], [1]));
        Assert.Throws<NotSupportedException>(() => new TensorBuffer<char>(['a'], [1]));
    }

    [Fact]
    public void EveryElementTypeRoundTripsThroughOnnxRuntime()
    {
        AssertRoundTrip(new TensorBuffer<float>([1.5f, -2f], [2]));
        AssertRoundTrip(new TensorBuffer<double>([1.5, -2], [2]));
        AssertRoundTrip(new TensorBuffer<sbyte>([-1, 2], [2]));
        AssertRoundTrip(new TensorBuffer<byte>([1, 255], [2]));
        AssertRoundTrip(new TensorBuffer<short>([-300, 2], [2]));
        AssertRoundTrip(new TensorBuffer<ushort>([1, 60000], [2]));
        AssertRoundTrip(new TensorBuffer<int>([-1, 2], [1, 2]));
        AssertRoundTrip(new TensorBuffer<uint>([1, 4_000_000_000], [2]));
        AssertRoundTrip(new TensorBuffer<long>([-1, long.MaxValue], [2, 1]));
        AssertRoundTrip(new TensorBuffer<ulong>([1, ulong.MaxValue], [2]));
        AssertRoundTrip(new TensorBuffer<bool>([true, false], [2]));
        AssertRoundTrip(new TensorBuffer<Float16>([(Float16)1.5f, (Float16)(-2f)], [2]));
        AssertRoundTrip(new TensorBuffer<BFloat16>([(BFloat16)1.5f, (BFloat16)(-2f)], [2]));
        AssertRoundTrip(new TensorBuffer<string>(["héllo", "", "世界"], [3]));
    }

    private static void AssertRoundTrip<T>(TensorBuffer<T> buffer)
    {
        using var value = ((IOrtValueSource)buffer).CreateOrtValue();
        var copy = Assert.IsType<TensorBuffer<T>>(TensorElementTypes.ReadTensor(value, "x"));
        Assert.Equal(buffer.Shape, copy.Shape);
        Assert.Equal(buffer.Data, copy.Data);
        Assert.Equal(typeof(T), copy.ElementType);
    }
}
