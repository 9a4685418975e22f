using Accelerate.Runtime;

namespace Accelerate.Imaging.Tests;

public sealed class BatchTests
{
    [Fact]
    public void StacksAlongTheFirstDimensionInOrder()
    {
        var a = new TensorBuffer<float>([1, 2, 3, 4, 5, 6], [1, 3, 1, 2]);
        var b = new TensorBuffer<float>([7, 8, 9, 10, 11, 12], [1, 3, 1, 2]);

        var batch = ImageTensor.Batch([a, b, a]);

        Assert.Equal([3L, 3, 1, 2], batch.Shape);
        Assert.Equal([1f, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6], batch.Data);
        Assert.NotSame(a.Data, batch.Data);
    }

    [Fact]
    public void BatchesRealImages()
    {
        var p = new ImagePreprocessing { Width = 8, Height = 8 };
        var red = ImageTensor.FromPixels([255, 0, 0, 255], 1, 1, p);
        var blue = ImageTensor.FromPixels([0, 0, 255, 255], 1, 1, p);

        var batch = ImageTensor.Batch([red, blue]);

        Assert.Equal([2L, 3, 8, 8], batch.Shape);
        Assert.Equal(red.Data, batch.Data[..192]);
        Assert.Equal(blue.Data, batch.Data[192..]);
    }

    [Fact]
    public void SingleImageIsCopied()
    {
        var a = new TensorBuffer<float>([1, 2, 3], [1, 3]);

        var batch = ImageTensor.Batch([a]);

        Assert.Equal(a.Shape, batch.Shape);
        Assert.Equal(a.Data, batch.Data);
    }

    [Fact]
    public void DifferentShapesAreRejected()
    {
        var a = TensorBuffer<float>.Zeros([1, 3, 2, 2]);
        var b = TensorBuffer<float>.Zeros([1, 3, 2, 3]);

        var error = Assert.Throws<ArgumentException>(() => ImageTensor.Batch([a, b]));

        Assert.Contains("Image tensor 1 has shape [1, 3, 2, 3] but tensor 0 has [1, 3, 2, 2]", error.Message);
    }

    [Fact]
    public void EmptyListIsRejected()
    {
        Assert.Throws<ArgumentException>(() => ImageTensor.Batch([]));
    }
}
