using Accelerate.Manifest.Tasks.FeatureExtraction;
using Accelerate.Manifest.Tasks.ImageClassification;
using Accelerate.Manifest.Tasks.ImageFeatureExtraction;
using Accelerate.Manifest.Tasks.Ocr;
using Accelerate.Manifest.Tasks.Planned;
using Accelerate.Manifest.Tasks.Tensor;
using Accelerate.Manifest.Tasks.VoiceActivityDetection;

namespace Accelerate.Manifest.Tasks;

/// <summary>Every task a manifest may name: one definition each (a folder per task beside this file).</summary>
public static class TaskCatalog
{
    /// <summary>Every task, those with typed methods first.</summary>
    public static IReadOnlyList<TaskDefinition> All { get; } =
    [
        new FeatureExtractionTask(),
        new ImageFeatureExtractionTask(),
        new ImageClassificationTask(),
        new TensorTask(),
        new OcrTask(),
        new VoiceActivityDetectionTask(),
        new PlannedTask("text-classification", TaskModality.Text),
        new PlannedTask("token-classification", TaskModality.Text),
        new PlannedTask("fill-mask", TaskModality.Text),
        new PlannedTask("question-answering", TaskModality.Text),
        new PlannedTask("text-generation", TaskModality.Text),
        new PlannedTask("object-detection", TaskModality.Image),
        new PlannedTask("image-segmentation", TaskModality.Image),
        new PlannedTask("audio-classification", TaskModality.Audio),
        new PlannedTask("speech-recognition", TaskModality.Audio),
    ];

    /// <summary>The task a manifest without "task" gets (after ACC1006): raw tensors.</summary>
    public static TaskDefinition Default { get; } = All.First(t => t.Name == TensorTask.TaskName);

    /// <summary>Every task name.</summary>
    public static IReadOnlyList<string> Names { get; } = All.Select(t => t.Name).ToList();

    /// <summary>The names of tasks with typed methods.</summary>
    public static IReadOnlyList<string> TypedNames { get; } = All.Where(t => t.HasTypedApi).Select(t => t.Name).ToList();

    /// <summary>The task named <paramref name="name"/>, or null.</summary>
    public static TaskDefinition? Find(string name) => All.FirstOrDefault(t => t.Name == name);
}
