using Accelerate.Manifest.Tasks;
using Accelerate.Manifest.Tasks.ImageClassification;

namespace Accelerate.Generators.Tasks.ImageClassification;

/// <summary>image-classification: Classify and Scores methods over Accelerate.Imaging's ImageClassificationPipeline.</summary>
internal sealed class ImageClassificationGenerator : ImageTaskGenerator
{
    public override IReadOnlyList<string> Tasks { get; } = [ImageClassificationTask.TaskName];

    public override string Template => "ImageClassification";

    protected override ImageInput InputOf(TaskSettings settings) => ((ImageClassificationSettings)settings).Input;
}
