
namespace Accelerate.Manifest.Tasks.ImageFeatureExtraction;

/// <summary>Image → feature vector: decoded, resized, normalised to the model's input, one output flattened per image.</summary>
public sealed class ImageFeatureExtractionTask : TaskDefinition
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "image-feature-extraction";

    /// <inheritdoc />
    public override string Name => TaskName;

    /// <inheritdoc />
    public override TaskModality Modality => TaskModality.Image;

    /// <inheritdoc />
    public override string Summary => "Image features: Extract(path | stream) → float[], Extract(paths) → float[][] (batched when the model's batch is dynamic).";

    /// <inheritdoc />
    public override IReadOnlyList<string> Settings { get; } = [ManifestSettings.Image, ManifestSettings.Output];

    /// <inheritdoc />
    public override IReadOnlyList<string> TestSettings { get; } = [TestSettingNames.Samples];

    /// <inheritdoc />
    public override TaskSettings? Resolve(TaskContract contract)
    {
        if (ImageInput.Resolve(contract, contract.Signature) is not { } input) return null;
        var manifest = contract.Manifest;
        var signature = contract.Signature;
        var output = manifest.Output is { } name ? signature.Outputs.FirstOrDefault(o => o.Name == name) : signature.Outputs.FirstOrDefault();
        if (output is null || output.ElementType != "float")
        {
            if (manifest.Output is { } missing && output is null)
            {
                contract.UnknownOutput("/output", missing, signature);
            }
            else
            {
                contract.Mismatch("/task", "the features output must be float (outputs: " + TaskContract.TensorList(signature.Outputs) + ")");
            }
            return null;
        }
        return new ImageFeatureExtractionSettings(input, output.Name);
    }
}

/// <summary>What an image feature pipeline needs.</summary>
/// <param name="Input">The image input and its preprocessing.</param>
/// <param name="OutputName">The output returned, flattened, per image.</param>
public sealed record ImageFeatureExtractionSettings(ImageInput Input, string OutputName) : TaskSettings;
