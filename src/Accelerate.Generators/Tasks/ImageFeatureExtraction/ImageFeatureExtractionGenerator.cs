using Accelerate.Manifest.Tasks;
using Accelerate.Manifest.Tasks.ImageFeatureExtraction;

namespace Accelerate.Generators.Tasks.ImageFeatureExtraction;

/// <summary>image-feature-extraction: Extract methods over Accelerate.Imaging's ImageFeaturePipeline.</summary>
internal sealed class ImageFeatureExtractionGenerator : ImageTaskGenerator
{
    public override IReadOnlyList<string> Tasks { get; } = [ImageFeatureExtractionTask.TaskName];

    public override string Template => "ImageFeatureExtraction";

    protected override ImageInput InputOf(TaskSettings settings) => ((ImageFeatureExtractionSettings)settings).Input;
}
