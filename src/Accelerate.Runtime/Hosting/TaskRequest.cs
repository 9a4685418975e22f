using System.Text.Json;
using System.Text.Json.Nodes;

namespace Accelerate.Runtime;

/// <summary>
/// One request to a task, in the forms a command line or a web service receives: a text (or several), encoded image or
/// audio bytes, or raw tensors. Each task reads the fields that fit it and says which it needs when they are missing.
/// </summary>
public sealed record TaskRequest
{
    /// <summary>One text.</summary>
    public string? Text { get; init; }

    /// <summary>Several texts, run as one batch.</summary>
    public IReadOnlyList<string>? Texts { get; init; }

    /// <summary>An encoded image (PNG, JPEG, WebP, GIF, BMP).</summary>
    public byte[]? Image { get; init; }

    /// <summary>Encoded audio (WAV).</summary>
    public byte[]? Audio { get; init; }

    /// <summary>Raw input tensors by ONNX name.</summary>
    public IReadOnlyDictionary<string, ITensorBuffer>? Tensors { get; init; }

    /// <summary>
    /// Reads <c>{"text": "…"}</c>, <c>{"texts": ["…"]}</c>, <c>{"image": "&lt;base64&gt;"}</c>, <c>{"audio": "&lt;base64&gt;"}</c> or
    /// <c>{"tensors": {"name": {"type": "float", "shape": [1, 3], "data": [...]}}}</c> (type: float, double, int64, int32, bool, string).
    /// </summary>
    /// <exception cref="FormatException">The JSON is not one of these forms.</exception>
    public static TaskRequest FromJson(JsonNode? json)
    {
        if (json is not JsonObject o) throw new FormatException("A task request is a JSON object such as {\"text\": \"…\"}.");
        try
        {
            return new TaskRequest
            {
                Text = o["text"]?.GetValue<string>(),
                Texts = o["texts"] is JsonArray texts ? texts.Select(t => t?.GetValue<string>() ?? throw new FormatException("\"texts\" holds a null.")).ToArray() : null,
                Image = o["image"] is { } image ? Convert.FromBase64String(image.GetValue<string>()) : null,
                Audio = o["audio"] is { } audio ? Convert.FromBase64String(audio.GetValue<string>()) : null,
                Tensors = o["tensors"] is JsonObject tensors ? tensors.ToDictionary(t => t.Key, t => ReadTensor(t.Key, t.Value)) : null,
            };
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new FormatException($"Not a task request: {e.Message}", e);
        }
    }

    private static ITensorBuffer ReadTensor(string name, JsonNode? node)
    {
        if (node is not JsonObject t || t["shape"] is not JsonArray shapeNode || t["data"] is not JsonArray data)
        {
            throw new FormatException($"Tensor '{name}' needs \"shape\" and \"data\" arrays.");
        }
        var shape = shapeNode.Select(Value<long>).ToArray();
        var type = t["type"]?.GetValue<string>() ?? "float";
        return type switch
        {
            "float" => new TensorBuffer<float>(data.Select(Value<float>).ToArray(), shape),
            "double" => new TensorBuffer<double>(data.Select(Value<double>).ToArray(), shape),
            "int64" => new TensorBuffer<long>(data.Select(Value<long>).ToArray(), shape),
            "int32" => new TensorBuffer<int>(data.Select(Value<int>).ToArray(), shape),
            "bool" => new TensorBuffer<bool>(data.Select(Value<bool>).ToArray(), shape),
            "string" => new TensorBuffer<string>(data.Select(Value<string>).ToArray(), shape),
            _ => throw new FormatException($"Tensor '{name}' has type '{type}'; use float, double, int64, int32, bool or string."),
        };
    }

    // A JSON number or string as T, whether it was parsed (a JsonElement) or built in memory (an int for a long, say).
    private static T Value<T>(JsonNode? node)
    {
        if (node is not JsonValue value) throw new FormatException("A tensor's shape and data hold numbers, booleans or strings, not null or objects.");
        if (value.TryGetValue<T>(out var direct)) return direct;
        if (value.TryGetValue<System.Text.Json.JsonElement>(out var element)) return element.Deserialize<T>()!;
        return (T)Convert.ChangeType(value.GetValue<object>(), typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A tensor as JSON: <c>{"type": "float", "shape": [...], "data": [...]}</c>.</summary>
    public static JsonObject TensorToJson(ITensorBuffer tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var (type, values) = tensor switch
        {
            TensorBuffer<float> t => ("float", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<double> t => ("double", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<long> t => ("int64", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<int> t => ("int32", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<bool> t => ("bool", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<string> t => ("string", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<byte> t => ("uint8", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<sbyte> t => ("int8", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<short> t => ("int16", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<ushort> t => ("uint16", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<uint> t => ("uint32", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<ulong> t => ("uint64", t.Data.Select(v => (JsonNode?)JsonValue.Create(v))),
            TensorBuffer<Microsoft.ML.OnnxRuntime.Float16> t => ("float16", t.Data.Select(v => (JsonNode?)JsonValue.Create((float)v))),
            TensorBuffer<Microsoft.ML.OnnxRuntime.BFloat16> t => ("bfloat16", t.Data.Select(v => (JsonNode?)JsonValue.Create((float)v))),
            _ => throw new NotSupportedException($"A {tensor.ElementType.Name} tensor has no JSON form."),
        };
        return new JsonObject
        {
            ["type"] = type,
            ["shape"] = new JsonArray(tensor.Shape.Select(d => (JsonNode?)JsonValue.Create(d)).ToArray()),
            ["data"] = new JsonArray(values.ToArray()),
        };
    }

    /// <summary>An error that says which request fields a task needs.</summary>
    public static ArgumentException Needs(string task, string fields) =>
        new($"Task '{task}' needs {fields} in the request.", "request");
}
