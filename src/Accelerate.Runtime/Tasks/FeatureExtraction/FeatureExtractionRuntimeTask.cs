using System.Text.Json.Nodes;
using Accelerate.Manifest.Tasks.FeatureExtraction;

namespace Accelerate.Runtime;

/// <summary>Feature extraction in the runtime host: texts in, embedding vectors out.</summary>
public sealed class FeatureExtractionRuntimeTask : IRuntimeTask
{
    /// <inheritdoc />
    public string Name => FeatureExtractionTask.TaskName;

    /// <summary>The pipeline options a resolved manifest gives (what the generated class's constructor writes out).</summary>
    public static TextEmbeddingOptions OptionsOf(FeatureExtractionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new TextEmbeddingOptions
        {
            MaxLength = settings.MaxLength,
            Pooling = Enum.Parse<Pooling>(settings.Pooling, ignoreCase: true),
            Normalize = settings.Normalize,
            Lowercase = settings.Lowercase,
            InputIdsName = settings.InputIdsName,
            AttentionMaskName = settings.AttentionMaskName,
            TokenTypeIdsName = settings.TokenTypeIdsName,
            OutputName = settings.OutputName,
        };
    }

    /// <inheritdoc />
    public ITaskPipeline Open(HostContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var vocab = context.Signature.VocabFile ?? throw new ModelHostException($"The signature of {context.Manifest.Name} names no vocabulary file; rebuild to refresh it.");
        return TextEmbeddingPipeline.Open(context.ModelPath, context.PathOf(vocab), context.DefaultBackends, context.Options, OptionsOf((FeatureExtractionSettings)context.Settings));
    }

    /// <summary>Embeds <see cref="TaskRequest.Text"/> or <see cref="TaskRequest.Texts"/>.</summary>
    /// <returns><c>{"embedding": [...]}</c> for one text, <c>{"embeddings": [[...], ...]}</c> for several (input order).</returns>
    public JsonNode Invoke(ITaskPipeline pipeline, TaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var embeddings = (TextEmbeddingPipeline)pipeline;
        if (request.Texts is { } texts)
        {
            return new JsonObject { ["embeddings"] = new JsonArray(embeddings.Embed(texts).Select(Vector).ToArray()) };
        }
        if (request.Text is { } text)
        {
            return new JsonObject { ["embedding"] = Vector(embeddings.Embed(text)) };
        }
        throw TaskRequest.Needs(Name, "\"text\" or \"texts\"");
    }

    private static JsonNode Vector(float[] values) => new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
