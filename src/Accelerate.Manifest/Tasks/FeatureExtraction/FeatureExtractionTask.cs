using Accelerate.Manifest.Model;

namespace Accelerate.Manifest.Tasks.FeatureExtraction;

/// <summary>
/// Text → embedding vector: WordPiece tokenisation, the model, pooling (mean, cls, max, or none for pooled outputs) and
/// optional L2 normalisation, as sentence-transformers computes them.
/// </summary>
public sealed class FeatureExtractionTask : TaskDefinition
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "feature-extraction";

    private static readonly string[] TextInputs = ["input_ids", "attention_mask", "token_type_ids"];

    /// <inheritdoc />
    public override string Name => TaskName;

    /// <inheritdoc />
    public override TaskModality Modality => TaskModality.Text;

    /// <inheritdoc />
    public override string Summary => "Text embeddings: Embed(text) → float[], Embed(texts) → float[][] (batched, input order kept).";

    /// <inheritdoc />
    public override IReadOnlyList<string> Settings { get; } =
        [ManifestSettings.Tokenizer, ManifestSettings.Pooling, ManifestSettings.Normalize, ManifestSettings.Output];

    /// <inheritdoc />
    public override IReadOnlyList<string> RequiredSettings { get; } = [ManifestSettings.Tokenizer];

    /// <inheritdoc />
    public override IReadOnlyList<string> TestSettings { get; } = [TestSettingNames.Samples, TestSettingNames.Triplets];

    /// <inheritdoc />
    public override TaskSettings? Resolve(TaskContract contract)
    {
        var manifest = contract.Manifest;
        var signature = contract.Signature;
        var inputIds = signature.Inputs.FirstOrDefault(i => i.Name == "input_ids");
        if (inputIds is null)
        {
            contract.Mismatch("/task", "it has no 'input_ids' input (inputs: " + TaskContract.TensorList(signature.Inputs) + ")");
        }
        foreach (var input in signature.Inputs.Where(i => TextInputs.Contains(i.Name)))
        {
            if (input.ElementType != "int64" || input.Shape is { Count: not 2 })
            {
                contract.Mismatch("/task", $"input '{input.Name}' is {TaskContract.Describe(input)}, expected int64 [batch, sequence]");
            }
        }
        foreach (var extra in signature.Inputs.Where(i => !TextInputs.Contains(i.Name)))
        {
            contract.Mismatch("/task", $"input '{extra.Name}' cannot be fed from text (feature extraction feeds input_ids, attention_mask and token_type_ids)");
        }

        Signatures.TensorSignature? output;
        if (manifest.Output is { } name)
        {
            output = signature.Outputs.FirstOrDefault(o => o.Name == name);
            if (output is null)
            {
                contract.UnknownOutput("/output", name, signature);
                return null;
            }
        }
        else
        {
            output = signature.Outputs.FirstOrDefault();
        }
        var expectedRank = manifest.Pooling == PoolingModes.None ? 2 : 3;
        if (output is null)
        {
            contract.Mismatch("/task", "it has no outputs");
        }
        else if (output.ElementType != "float" || output.Shape is { } shape && shape.Count != expectedRank)
        {
            var expected = expectedRank == 3 ? "float [batch, sequence, dim] (token vectors to pool)" : "float [batch, dim] (already pooled, as pooling \"none\" says)";
            contract.Mismatch(manifest.Output is null ? "/task" : "/output", $"output '{output.Name}' is {TaskContract.Describe(output)}, expected {expected}");
        }
        if (contract.HasErrors || output is null || inputIds is null) return null;

        var tokenizer = manifest.Tokenizer ?? new TokenizerSettings();
        var last = output.Shape is { Count: > 0 } s ? s[s.Count - 1].Value : null;
        return new FeatureExtractionSettings(
            inputIds.Name,
            signature.Inputs.FirstOrDefault(i => i.Name == "attention_mask")?.Name,
            signature.Inputs.FirstOrDefault(i => i.Name == "token_type_ids")?.Name,
            output.Name,
            manifest.Pooling,
            manifest.Normalize,
            tokenizer.Lowercase,
            tokenizer.MaxLength,
            last);
    }
}

/// <summary>What a text embedding pipeline needs: the model's tensor names and the manifest's settings.</summary>
/// <param name="InputIdsName">The token ids input.</param>
/// <param name="AttentionMaskName">The attention mask input, when the model has one.</param>
/// <param name="TokenTypeIdsName">The token type ids input, when the model has one.</param>
/// <param name="OutputName">The output that is pooled.</param>
/// <param name="Pooling">mean, cls, max or none.</param>
/// <param name="Normalize">L2-normalise the pooled vector.</param>
/// <param name="Lowercase">Lower-case and strip accents before WordPiece.</param>
/// <param name="MaxLength">Most tokens per text, special tokens included.</param>
/// <param name="Dimensions">The embedding length when the model fixes it.</param>
public sealed record FeatureExtractionSettings(
    string InputIdsName,
    string? AttentionMaskName,
    string? TokenTypeIdsName,
    string OutputName,
    string Pooling,
    bool Normalize,
    bool Lowercase,
    int MaxLength,
    long? Dimensions) : TaskSettings;
