using System.Text.Json.Nodes;
using Accelerate.Manifest.Tasks.ImageClassification;
using Accelerate.Runtime;

namespace Accelerate.Imaging;

/// <summary>Image classification in the runtime host: image bytes in, the top labels with scores out.</summary>
public sealed class ImageClassificationRuntimeTask : IRuntimeTask
{
    /// <inheritdoc />
    public string Name => ImageClassificationTask.TaskName;

    /// <inheritdoc />
    public ITaskPipeline Open(HostContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = (ImageClassificationSettings)context.Settings;
        return ImageClassificationPipeline.Open(context.ModelPath, context.DefaultBackends, context.Options,
            ImagePreprocessing.From(settings.Input), settings.Input.InputName, settings.OutputName, settings.Input.BatchDynamic,
            settings.Labels, settings.TopK, SoftmaxModeOf(settings.Softmax));
    }

    /// <summary>Classifies <see cref="TaskRequest.Image"/>.</summary>
    /// <returns><c>{"labels": [{"label": "0", "score": 0.99}, ...]}</c>, highest score first.</returns>
    public JsonNode Invoke(ITaskPipeline pipeline, TaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Image is not { } image) throw TaskRequest.Needs(Name, "\"image\" (the encoded image, base64 in JSON)");
        var labels = ((ImageClassificationPipeline)pipeline).Classify(image);
        return new JsonObject { ["labels"] = ToJson(labels) };
    }

    /// <summary>Labels with scores as JSON: <c>[{"label": "0", "score": 0.99}, ...]</c>.</summary>
    /// <param name="labels">The labels, in the order to write.</param>
    public static JsonArray ToJson(IEnumerable<LabelScore> labels) =>
        new(labels.Select(l => (JsonNode?)new JsonObject { ["label"] = l.Label, ["score"] = l.Score }).ToArray());

    /// <summary>The manifest's "softmax" option as a <see cref="SoftmaxMode"/>.</summary>
    /// <param name="value">"auto", "always" or "never".</param>
    public static SoftmaxMode SoftmaxModeOf(string value) => value switch
    {
        "always" => SoftmaxMode.Always,
        "never" => SoftmaxMode.Never,
        _ => SoftmaxMode.Auto,
    };
}
