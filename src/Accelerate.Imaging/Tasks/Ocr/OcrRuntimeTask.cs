using System.Text.Json.Nodes;
using Accelerate.Manifest.Tasks.Ocr;
using Accelerate.Runtime;

namespace Accelerate.Imaging;

/// <summary>OCR in the runtime host: image bytes in, text lines with scores and boxes out.</summary>
public sealed class OcrRuntimeTask : IRuntimeTask
{
    /// <inheritdoc />
    public string Name => OcrTask.TaskName;

    /// <inheritdoc />
    public ITaskPipeline Open(HostContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = (OcrSettings)context.Settings;
        return OcrPipeline.Open(context.ModelPath, context.ModelOf(OcrTask.Recognizer),
            settings.ClassifierInput is null ? null : context.ModelOf(OcrTask.Classifier), context.FileOf(OcrTask.Dictionary),
            context.DefaultBackends, context.Options, OcrOptions.From(settings));
    }

    /// <summary>Reads the text of <see cref="TaskRequest.Image"/>.</summary>
    /// <returns><c>{"lines": [{"text": "…", "score": 0.98, "box": [[x, y], [x, y], [x, y], [x, y]]}, ...]}</c>, top to bottom.</returns>
    public JsonNode Invoke(ITaskPipeline pipeline, TaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Image is not { } image) throw TaskRequest.Needs(Name, "\"image\" (the encoded image, base64 in JSON)");
        return new JsonObject { ["lines"] = ToJson(((OcrPipeline)pipeline).Read(image)) };
    }

    /// <summary>Lines as JSON: <c>[{"text": "…", "score": 0.98, "box": [[x, y], ...]}, ...]</c>.</summary>
    /// <param name="lines">The lines, in the order to write.</param>
    public static JsonArray ToJson(IEnumerable<OcrLine> lines) =>
        new(lines.Select(l => (JsonNode?)new JsonObject
        {
            ["text"] = l.Text,
            ["score"] = l.Score,
            ["box"] = new JsonArray(l.Box.Select(p => (JsonNode?)new JsonArray(JsonValue.Create(p.X), JsonValue.Create(p.Y))).ToArray()),
        }).ToArray());
}
