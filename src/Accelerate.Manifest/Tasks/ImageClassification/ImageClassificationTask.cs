using System.Globalization;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;

namespace Accelerate.Manifest.Tasks.ImageClassification;

/// <summary>
/// Image → labels with scores: decoded, resized and normalised like image-feature-extraction, one output
/// [batch, classes] turned into probabilities (softmax unless the model already gives them) and the top-k labels.
/// </summary>
public sealed class ImageClassificationTask : TaskDefinition
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "image-classification";

    /// <summary>The labels file's role under "files" (one label per line, in the model's output order).</summary>
    public const string LabelsFile = "labels";

    /// <summary>The softmax choices: <c>auto</c> applies it unless every row already sums to 1.</summary>
    public static IReadOnlyList<string> SoftmaxChoices { get; } = ["auto", "always", "never"];

    /// <inheritdoc />
    public override string Name => TaskName;

    /// <inheritdoc />
    public override TaskModality Modality => TaskModality.Image;

    /// <inheritdoc />
    public override string Summary => "Image classes: Classify(path | stream | bytes) → labels with scores, best first; Classify(paths) → one list per image (batched when the model's batch is dynamic).";

    /// <inheritdoc />
    public override IReadOnlyList<string> Settings { get; } = [ManifestSettings.Image, ManifestSettings.Output, ManifestSettings.Labels, ManifestSettings.Options, ManifestSettings.Files];

    /// <inheritdoc />
    public override IReadOnlyList<string> TestSettings { get; } = [TestSettingNames.Samples];

    /// <inheritdoc />
    public override IReadOnlyList<FileRole> FileRoles { get; } =
    [
        new(LabelsFile, "the class labels, one per line, in the model's output order (instead of an inline \"labels\" list)", Required: false, ReadAtBuild: true),
    ];

    /// <inheritdoc />
    public override IReadOnlyList<TaskOption> Options { get; } =
    [
        new("topK", TaskOptionKind.Integer, "5", "How many labels Classify returns, best first (fewer when the model has fewer classes).") { Minimum = 1, Maximum = 100000 },
        new("softmax", TaskOptionKind.Choice, "auto", "auto: apply softmax to each output row unless it already sums to 1 (within 1e-3) with no negative score; always; never (the scores are the model's outputs as they are).") { Choices = SoftmaxChoices },
    ];

    /// <inheritdoc />
    public override TaskSettings? Resolve(TaskContract contract)
    {
        var input = ImageInput.Resolve(contract, contract.Signature);
        var manifest = contract.Manifest;
        var signature = contract.Signature;
        var output = manifest.Output is { } name ? signature.Outputs.FirstOrDefault(o => o.Name == name) : signature.Outputs.FirstOrDefault();
        if (output is null)
        {
            if (manifest.Output is { } missing) contract.UnknownOutput("/output", missing, signature);
            else contract.Mismatch("/task", "it has no outputs");
            return null;
        }
        if (output.ElementType != "float" || output.Shape is not { Count: 2 } shape)
        {
            contract.Mismatch(manifest.Output is null ? "/task" : "/output", $"output '{output.Name}' is {TaskContract.Describe(output)}, expected float [batch, classes] (outputs: {TaskContract.TensorList(signature.Outputs)})");
            return null;
        }

        var file = contract.File(LabelsFile);
        if (manifest.Labels.Count > 0 && file is not null)
        {
            contract.Report(DiagnosticCatalog.LabelCountMismatch, "/files/" + LabelsFile, manifest.Name, "both \"labels\" and \"files\".\"labels\" give labels", "keep one of them");
            return null;
        }
        var (labels, where) = file is not null
            ? (file.Lines.Where(l => l.Trim().Length > 0).ToEquatableArray(), "/files/" + LabelsFile)
            : (manifest.Labels, "/labels");
        var classes = shape[1].Value;
        if (labels.Count > 0 && classes is { } n && n != labels.Count)
        {
            var source = file is not null ? "the labels file has " + Count(labels.Count, "label") : "\"labels\" lists " + Count(labels.Count, "label");
            contract.Report(DiagnosticCatalog.LabelCountMismatch, where, manifest.Name,
                $"output '{output.Name}' is {TaskContract.Describe(output)} ({Count(n, "class")}) but {source}",
                "give one label per class, in the model's output order");
            return null;
        }
        if (labels.Count == 0)
        {
            if (classes is not { } count)
            {
                contract.Mismatch("/labels", $"output '{output.Name}' is {TaskContract.Describe(output)}: its class count is dynamic, so the manifest must list the labels (\"labels\" or \"files\".\"labels\")");
                return null;
            }
            labels = Enumerable.Range(0, (int)count).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToEquatableArray();
        }
        if (input is null || contract.HasErrors) return null;
        return new ImageClassificationSettings(input, output.Name, labels, contract.Integer("topK"), contract.Choice("softmax"));
    }

    private static string Count(long n, string noun) =>
        n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? "" : noun.EndsWith("s", StringComparison.Ordinal) ? "es" : "s");
}

/// <summary>What an image classification pipeline needs.</summary>
/// <param name="Input">The image input and its preprocessing.</param>
/// <param name="OutputName">The [batch, classes] output.</param>
/// <param name="Labels">One label per class, in output order (the class indexes when the manifest gives none).</param>
/// <param name="TopK">How many labels are returned, best first.</param>
/// <param name="Softmax">"auto", "always" or "never".</param>
public sealed record ImageClassificationSettings(ImageInput Input, string OutputName, EquatableArray<string> Labels, int TopK, string Softmax) : TaskSettings;
