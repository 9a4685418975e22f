using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Accelerate.Runtime;

/// <summary>
/// What a text embedding model takes and returns, resolved once from the session's metadata: which inputs to feed,
/// which output to pool, its width, and whether its shape is known before a run (so its buffer can be pre-allocated).
/// </summary>
internal sealed class EmbeddingSignature
{
    private enum Axis { Fixed, Batch, Sequence, Unknown }

    private readonly (Axis Axis, long Size)[] _outputAxes;

    private EmbeddingSignature(string[] inputNames, InputRole[] inputRoles, string outputName, (Axis Axis, long Size)[] outputAxes, int dimensions, int? fixedSequenceLength, int? fixedBatchSize, bool outputShapeKnown)
    {
        InputNames = inputNames;
        InputRoles = inputRoles;
        OutputNames = [outputName];
        _outputAxes = outputAxes;
        Dimensions = dimensions;
        FixedSequenceLength = fixedSequenceLength;
        FixedBatchSize = fixedBatchSize;
        OutputShapeKnown = outputShapeKnown;
    }

    public enum InputRole { InputIds, AttentionMask, TokenTypeIds }

    /// <summary>The inputs to feed, parallel to <see cref="InputRoles"/>.</summary>
    public string[] InputNames { get; }

    public InputRole[] InputRoles { get; }

    /// <summary>The one output to compute.</summary>
    public string[] OutputNames { get; }

    /// <summary>The width of the output's last axis: the embedding size.</summary>
    public int Dimensions { get; }

    /// <summary>Set when the model's sequence axis is static: every batch must be padded to it.</summary>
    public int? FixedSequenceLength { get; }

    /// <summary>Set (to 1) when the model's batch axis is static.</summary>
    public int? FixedBatchSize { get; }

    /// <summary>Whether every output axis is static or follows the inputs' batch or sequence axis.</summary>
    public bool OutputShapeKnown { get; }

    /// <summary>Whether the output has a row per token, <c>[batch, sequence, dimensions]</c>, rather than one per text.</summary>
    public bool IsTokenOutput => _outputAxes.Length == 3;

    public static EmbeddingSignature Resolve(InferenceSession session, TextEmbeddingOptions options, WordPieceTokenizer tokenizer)
    {
        var inputs = session.InputMetadata;
        if (!inputs.TryGetValue(options.InputIdsName, out var ids))
        {
            throw new ArgumentException($"The model has no input '{options.InputIdsName}' (its inputs: {string.Join(", ", inputs.Keys)}); set TextEmbeddingOptions.InputIdsName.");
        }

        var names = new List<string> { options.InputIdsName };
        var roles = new List<InputRole> { InputRole.InputIds };
        // The optional inputs are fed only when the model has them (DistilBERT, for one, takes no token types).
        AddIfPresent(options.AttentionMaskName, InputRole.AttentionMask);
        AddIfPresent(options.TokenTypeIdsName, InputRole.TokenTypeIds);
        foreach (var (name, metadata) in inputs.Where(i => names.Contains(i.Key)))
        {
            if (metadata.ElementDataType != TensorElementType.Int64 || metadata.Dimensions.Length != 2)
            {
                throw new NotSupportedException($"Input '{name}' is {metadata.ElementDataType} of rank {metadata.Dimensions.Length}; text embedding pipelines feed int64 [batch, sequence] inputs.");
            }
        }

        var unfed = inputs.Keys.Where(k => !names.Contains(k)).ToList();
        if (unfed.Count > 0)
        {
            throw new ArgumentException($"The model input(s) {string.Join(", ", unfed.Select(u => $"'{u}'"))} would not be fed; name them in TextEmbeddingOptions (InputIdsName, AttentionMaskName, TokenTypeIdsName).");
        }

        var outputName = options.OutputName ?? session.OutputNames[0];
        if (!session.OutputMetadata.TryGetValue(outputName, out var output))
        {
            throw new ArgumentException($"The model has no output '{outputName}' (its outputs: {string.Join(", ", session.OutputMetadata.Keys)}); set TextEmbeddingOptions.OutputName.");
        }

        if (output.ElementDataType != TensorElementType.Float)
        {
            throw new NotSupportedException($"Output '{outputName}' is {output.ElementDataType}; text embedding pipelines pool float outputs.");
        }

        var expectedRank = options.Pooling == Pooling.None ? 2 : 3;
        if (output.Dimensions.Length != expectedRank)
        {
            throw new ArgumentException(options.Pooling == Pooling.None
                ? $"Pooling.None needs an output that is already [batch, dimensions], but '{outputName}' has rank {output.Dimensions.Length}; choose Mean, Cls or Max pooling."
                : $"{options.Pooling} pooling needs a [batch, sequence, dimensions] output, but '{outputName}' has rank {output.Dimensions.Length}; use Pooling.None for outputs that are already pooled.");
        }

        int? fixedBatch = ids.Dimensions[0] > 0 ? ids.Dimensions[0] : null;
        if (fixedBatch is > 1)
        {
            throw new NotSupportedException($"Input '{options.InputIdsName}' has a static batch size of {fixedBatch}; only dynamic or 1 is supported.");
        }

        int? fixedSequence = ids.Dimensions[1] > 0 ? ids.Dimensions[1] : null;
        var axes = new (Axis Axis, long Size)[output.Dimensions.Length];
        for (var i = 0; i < axes.Length; i++)
        {
            var symbol = output.SymbolicDimensions[i];
            axes[i] = output.Dimensions[i] > 0 ? (Axis.Fixed, output.Dimensions[i])
                : SameSymbol(symbol, ids.SymbolicDimensions[0]) ? (Axis.Batch, 0)
                : SameSymbol(symbol, ids.SymbolicDimensions[1]) ? (Axis.Sequence, 0)
                : (Axis.Unknown, 0);
        }

        // Without graph optimisation ONNX Runtime may not infer the width (MiniLM's reads [batch, sequence, -1]):
        // one run of [CLS] [SEP] tells it.
        var dimensions = output.Dimensions[^1] > 0
            ? output.Dimensions[^1]
            : ProbeWidth(session, [.. names], [.. roles], outputName, tokenizer, fixedSequence ?? 2);
        if (axes[^1].Axis == Axis.Unknown)
        {
            axes[^1] = (Axis.Fixed, dimensions);
        }

        var known = axes.All(a => a.Axis != Axis.Unknown);
        return new EmbeddingSignature([.. names], [.. roles], outputName, axes, dimensions, fixedSequence, fixedBatch, known);

        void AddIfPresent(string? name, InputRole role)
        {
            if (name is not null && inputs.ContainsKey(name))
            {
                names.Add(name);
                roles.Add(role);
            }
        }
    }

    /// <summary>The output shape for a batch, written into <paramref name="reuse"/> when it has the right rank; only meaningful when <see cref="OutputShapeKnown"/>.</summary>
    public long[] OutputShape(int batch, int sequence, long[]? reuse = null)
    {
        var shape = reuse is not null && reuse.Length == _outputAxes.Length ? reuse : new long[_outputAxes.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            shape[i] = _outputAxes[i].Axis switch
            {
                Axis.Batch => batch,
                Axis.Sequence => sequence,
                _ => _outputAxes[i].Size,
            };
        }

        return shape;
    }

    private static int ProbeWidth(InferenceSession session, string[] names, InputRole[] roles, string outputName, WordPieceTokenizer tokenizer, int sequence)
    {
        var shape = new long[] { 1, sequence };
        var inputs = new OrtValue[roles.Length];
        try
        {
            for (var i = 0; i < roles.Length; i++)
            {
                var data = new long[sequence];
                if (roles[i] != InputRole.TokenTypeIds)
                {
                    data[0] = roles[i] == InputRole.InputIds ? tokenizer.ClsId : 1;
                    data[1] = roles[i] == InputRole.InputIds ? tokenizer.SepId : 1;
                    data.AsSpan(2).Fill(roles[i] == InputRole.InputIds ? tokenizer.PadId : 0);
                }

                inputs[i] = OrtValue.CreateTensorValueFromMemory(data, shape);
            }

            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, names, inputs, [outputName]);
            var width = outputs[0].GetTensorTypeAndShape().Shape[^1];
            return width > 0 ? checked((int)width) : throw new NotSupportedException($"Output '{outputName}' has an empty last axis.");
        }
        finally
        {
            foreach (var input in inputs)
            {
                input?.Dispose();
            }
        }
    }

    private static bool SameSymbol(string symbol, string other) => symbol.Length > 0 && symbol == other;
}
