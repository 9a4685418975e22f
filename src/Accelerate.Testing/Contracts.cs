namespace Accelerate.Testing;

/// <summary>One graph input or output as the build saw it: what <see cref="ModelMatrixTests"/> checks the session against.</summary>
/// <param name="Name">The ONNX name, e.g. <c>input_ids</c>.</param>
/// <param name="ElementType">The lower-case ONNX element type name, e.g. <c>int64</c> or <c>float</c>.</param>
/// <param name="Dimensions">
/// One entry per axis: a fixed size (<c>"384"</c>), a symbolic name (<c>"batch"</c>) or <c>"?"</c> for an unnamed dynamic axis.
/// </param>
public sealed record TensorContract(string Name, string ElementType, IReadOnlyList<string> Dimensions);

/// <summary>Three texts for a ranking check: <paramref name="Anchor"/> must be closer to <paramref name="Positive"/> than to <paramref name="Negative"/>.</summary>
/// <param name="Anchor">The reference text.</param>
/// <param name="Positive">A text similar in meaning to the anchor.</param>
/// <param name="Negative">A text dissimilar to the anchor.</param>
public sealed record Triplet(string Anchor, string Positive, string Negative);

/// <summary>One named output of one case, as plain numbers.</summary>
/// <param name="Name">The output name, e.g. <c>embedding</c> or an ONNX output name.</param>
/// <param name="Shape">The dimensions, outermost first (<c>[384]</c> for a vector).</param>
/// <param name="Values">The elements, row-major, widened to <see cref="double"/>.</param>
public sealed record NamedTensor(string Name, long[] Shape, double[] Values);

/// <summary>Everything a model produced for one case.</summary>
/// <param name="Case">A readable, machine-independent label: the sample text, an image's file name, or <c>case 1</c>.</param>
/// <param name="Outputs">The outputs of the case, in a stable order.</param>
public sealed record CaseOutputs(string Case, IReadOnlyList<NamedTensor> Outputs);
