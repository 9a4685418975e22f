using System.Globalization;

namespace Accelerate.Runtime;

/// <summary>One dimension of a declared tensor shape: a fixed size, or a dynamic one (named by its ONNX symbol or not).</summary>
/// <param name="Size">The fixed size; null for a dynamic dimension.</param>
/// <param name="Symbol">The ONNX symbol of a dynamic dimension (dimensions with the same symbol must agree); null when unnamed.</param>
/// <param name="Label">How messages and docs show the dimension: the size, the symbol, or e.g. <c>dim2</c>.</param>
public readonly record struct ShapeDimension(long? Size, string? Symbol, string Label)
{
    /// <summary>A dimension fixed at <paramref name="size"/>.</summary>
    public static ShapeDimension Fixed(long size) => new(size, null, size.ToString(CultureInfo.InvariantCulture));

    /// <summary>A dynamic dimension shown as <paramref name="label"/>, tied to others by <paramref name="symbol"/> when it has one.</summary>
    public static ShapeDimension Dynamic(string label, string? symbol = null) => new(null, symbol, label);
}

/// <summary>
/// The shape a model declares for one input. Generated <c>Run</c> methods check their inputs against these with
/// <see cref="ThrowIfMismatched"/> before ONNX Runtime sees them, so a wrong shape names the input instead of failing
/// somewhere inside the graph.
/// </summary>
public sealed class TensorShapeContract
{
    /// <summary>Creates the contract of <paramref name="name"/>.</summary>
    /// <param name="name">The ONNX name of the tensor.</param>
    /// <param name="dimensions">Its declared dimensions; null when the model declares no shape (nothing is checked).</param>
    public TensorShapeContract(string name, ShapeDimension[]? dimensions)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        Dimensions = dimensions;
    }

    /// <summary>The ONNX name of the tensor.</summary>
    public string Name { get; }

    /// <summary>The declared dimensions, or null when the model declares no shape.</summary>
    public IReadOnlyList<ShapeDimension>? Dimensions { get; }

    /// <summary>The declared shape as the docs write it, e.g. <c>[batch, sequence, 384]</c>.</summary>
    public override string ToString() =>
        Dimensions is null ? "(shape not declared)" : "[" + string.Join(", ", Dimensions.Select(d => d.Label)) + "]";

    /// <summary>
    /// Throws <see cref="ArgumentException"/> when an input's rank or a fixed size differs from its contract, or when
    /// dimensions with the same symbol (e.g. the batch of two inputs) have different sizes. Allocates nothing when the
    /// shapes are right.
    /// </summary>
    /// <param name="contracts">One contract per input, in the order of <paramref name="inputs"/>.</param>
    /// <param name="inputs">The tensors passed to the model.</param>
    /// <param name="parameterName">The argument named in the exception.</param>
    public static void ThrowIfMismatched(ReadOnlySpan<TensorShapeContract> contracts, ReadOnlySpan<ITensorBuffer> inputs, string parameterName = "inputs")
    {
        if (contracts.Length != inputs.Length)
        {
            throw new ArgumentException($"The model has {contracts.Length} inputs but {inputs.Length} were passed.", parameterName);
        }
        for (var i = 0; i < contracts.Length; i++)
        {
            var dims = contracts[i].Dimensions;
            var shape = inputs[i]?.Shape ?? throw new ArgumentException($"Input '{contracts[i].Name}' is null.", parameterName);
            if (dims is null) continue;
            if (shape.Length != dims.Count)
            {
                throw Mismatch(contracts[i], shape, parameterName, $"rank {shape.Length} instead of {dims.Count}");
            }
            for (var d = 0; d < dims.Count; d++)
            {
                if (dims[d].Size is { } size && shape[d] != size)
                {
                    throw Mismatch(contracts[i], shape, parameterName, $"dimension {d} is {shape[d]}, not {size}");
                }
                if (dims[d].Symbol is { } symbol && FirstWith(contracts, inputs, symbol, i, d) is ({ } other, var otherDim) && inputs[other].Shape[otherDim] != shape[d])
                {
                    throw Mismatch(contracts[i], shape, parameterName,
                        $"'{symbol}' is {shape[d]} here but {inputs[other].Shape[otherDim]} in '{contracts[other].Name}' {ShapeText(inputs[other].Shape)}");
                }
            }
        }
    }

    // The first earlier dimension with the same symbol: a linear scan (models have a handful of inputs), so a call allocates nothing.
    private static (int? Input, int Dimension) FirstWith(ReadOnlySpan<TensorShapeContract> contracts, ReadOnlySpan<ITensorBuffer> inputs, string symbol, int input, int dimension)
    {
        for (var i = 0; i <= input; i++)
        {
            var dims = contracts[i].Dimensions;
            if (dims is null || inputs[i].Shape.Length != dims.Count) continue;
            for (var d = 0; d < (i == input ? dimension : dims.Count); d++)
            {
                if (dims[d].Symbol == symbol) return (i, d);
            }
        }
        return (null, 0);
    }

    private static ArgumentException Mismatch(TensorShapeContract contract, long[] shape, string parameterName, string detail) =>
        new($"Input '{contract.Name}' must have shape {contract} but has shape {ShapeText(shape)} ({detail}).", parameterName);

    private static string ShapeText(long[] shape) => "[" + string.Join(", ", shape.Select(s => s.ToString(CultureInfo.InvariantCulture))) + "]";
}
