namespace Accelerate.Runtime.Tests.Tensors;

public sealed class TensorShapeContractTests
{
    // MiniLM's inputs: input_ids and attention_mask share batch and sequence.
    private static readonly TensorShapeContract[] TextInputs =
    [
        new("input_ids", [ShapeDimension.Dynamic("batch", "batch"), ShapeDimension.Dynamic("sequence", "sequence")]),
        new("attention_mask", [ShapeDimension.Dynamic("batch", "batch"), ShapeDimension.Dynamic("sequence", "sequence")]),
    ];

    private static readonly TensorShapeContract[] ImageInput =
    [
        new("data", [ShapeDimension.Fixed(1), ShapeDimension.Fixed(3), ShapeDimension.Dynamic("dim2"), ShapeDimension.Dynamic("dim3")]),
    ];

    [Fact]
    public void Matching_shapes_pass()
    {
        TensorShapeContract.ThrowIfMismatched(TextInputs, [TensorBuffer<long>.Zeros([2, 7]), TensorBuffer<long>.Zeros([2, 7])]);
        TensorShapeContract.ThrowIfMismatched(ImageInput, [TensorBuffer<float>.Zeros([1, 3, 5, 9])]);
    }

    [Fact]
    public void A_wrong_rank_names_the_input_and_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TensorShapeContract.ThrowIfMismatched(TextInputs, [TensorBuffer<long>.Zeros([2, 7, 1]), TensorBuffer<long>.Zeros([2, 7])]));

        Assert.Equal("inputs", error.ParamName);
        Assert.StartsWith("Input 'input_ids' must have shape [batch, sequence] but has shape [2, 7, 1] (rank 3 instead of 2).", error.Message);
    }

    [Fact]
    public void A_wrong_fixed_size_is_reported()
    {
        var error = Assert.Throws<ArgumentException>(() => TensorShapeContract.ThrowIfMismatched(ImageInput, [TensorBuffer<float>.Zeros([1, 4, 5, 9])]));

        Assert.StartsWith("Input 'data' must have shape [1, 3, dim2, dim3] but has shape [1, 4, 5, 9] (dimension 1 is 4, not 3).", error.Message);
    }

    [Fact]
    public void Inputs_that_share_a_symbol_must_agree_on_its_size()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            TensorShapeContract.ThrowIfMismatched(TextInputs, [TensorBuffer<long>.Zeros([2, 7]), TensorBuffer<long>.Zeros([2, 8])]));

        Assert.StartsWith("Input 'attention_mask' must have shape [batch, sequence] but has shape [2, 8] ('sequence' is 8 here but 7 in 'input_ids' [2, 7]).", error.Message);
    }

    [Fact]
    public void A_shape_the_model_does_not_declare_is_not_checked()
    {
        TensorShapeContract.ThrowIfMismatched([new TensorShapeContract("x", null)], [TensorBuffer<float>.Zeros([4, 4, 4])]);
    }

    [Fact]
    public void A_check_of_right_shapes_allocates_nothing()
    {
        ITensorBuffer[] inputs = [TensorBuffer<long>.Zeros([2, 7]), TensorBuffer<long>.Zeros([2, 7])];
        TensorShapeContract.ThrowIfMismatched(TextInputs, inputs);
        var before = GC.GetAllocatedBytesForCurrentThread();
        TensorShapeContract.ThrowIfMismatched(TextInputs, inputs);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
