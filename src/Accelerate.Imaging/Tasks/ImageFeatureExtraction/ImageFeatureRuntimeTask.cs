using System.Text.Json.Nodes;
using Accelerate.Manifest.Tasks.ImageFeatureExtraction;
using Accelerate.Runtime;

namespace Accelerate.Imaging;

/// <summary>Image feature extraction in the runtime host: image bytes in, the feature vector out.</summary>
public sealed class ImageFeatureRuntimeTask : IRuntimeTask
{
    /// <inheritdoc />
    public string Name => ImageFeatureExtractionTask.TaskName;

    /// <inheritdoc />
    public ITaskPipeline Open(HostContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = (ImageFeatureExtractionSettings)context.Settings;
        return ImageFeaturePipeline.Open(context.ModelPath, context.DefaultBackends, context.Options,
            ImagePreprocessing.From(settings.Input), settings.Input.InputName, settings.OutputName, settings.Input.BatchDynamic);
    }

    /// <summary>Extracts the features of <see cref="TaskRequest.Image"/>.</summary>
    /// <returns><c>{"features": [...]}</c>.</returns>
    public JsonNode Invoke(ITaskPipeline pipeline, TaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Image is not { } image) throw TaskRequest.Needs(Name, "\"image\" (the encoded image, base64 in JSON)");
        var features = ((ImageFeaturePipeline)pipeline).Extract(image);
        return new JsonObject { ["features"] = new JsonArray(features.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()) };
    }
}
