using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Accelerate.Testing;

/// <summary>Where recorded goldens came from.</summary>
/// <param name="Backend">The backend that produced them (always <c>cpu</c>).</param>
/// <param name="OnnxRuntime">The ONNX Runtime managed assembly's informational version.</param>
/// <param name="ModelSha256">The SHA-256 of the model file, as the build saw it.</param>
/// <param name="Precision">The precision variant, e.g. <c>fp32</c>.</param>
/// <param name="Tool">The recording tool and its version, e.g. <c>Accelerate.Testing 0.1.0</c>.</param>
public sealed record GoldenProvenance(string Backend, string OnnxRuntime, string ModelSha256, string Precision, string Tool);

/// <summary>
/// A goldens file: the expected outputs of every case of one model, with provenance. The text form is stable
/// (no timestamps, values rounded to 7 significant digits, 8 values per line), so re-recording unchanged outputs
/// produces a byte-identical file.
/// </summary>
/// <param name="Model">The model name.</param>
/// <param name="Provenance">Where the values came from.</param>
/// <param name="Cases">The expected outputs, in case order.</param>
public sealed record GoldenFile(string Model, GoldenProvenance Provenance, IReadOnlyList<CaseOutputs> Cases)
{
    private const int ValuesPerLine = 8;

    private static readonly JsonSerializerOptions StringOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads a goldens file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its contents.</returns>
    /// <exception cref="InvalidDataException">The file is not a goldens file; the message says where and why.</exception>
    public static GoldenFile Load(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"The goldens file {path} cannot be read: {ex.Message}", ex);
        }
    }

    /// <summary>Parses the text of a goldens file.</summary>
    /// <param name="json">The text.</param>
    /// <returns>Its contents.</returns>
    public static GoldenFile Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        var root = document.RootElement;
        var provenance = root.GetProperty("provenance");
        return new GoldenFile(
            root.GetProperty("model").GetString() ?? string.Empty,
            new GoldenProvenance(
                String(provenance, "backend"),
                String(provenance, "onnxRuntime"),
                String(provenance, "modelSha256"),
                String(provenance, "precision"),
                String(provenance, "tool")),
            root.GetProperty("cases").EnumerateArray().Select(c => new CaseOutputs(
                c.GetProperty("case").GetString() ?? string.Empty,
                c.GetProperty("outputs").EnumerateArray().Select(o => new NamedTensor(
                    o.GetProperty("name").GetString() ?? string.Empty,
                    o.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray(),
                    o.GetProperty("values").EnumerateArray().Select(ReadValue).ToArray())).ToArray())).ToArray());
    }

    /// <summary>The file's text: indented JSON, LF line endings, a final newline.</summary>
    /// <returns>The text.</returns>
    public string ToJson()
    {
        var text = new StringBuilder();
        text.Append("{\n");
        text.Append("  \"model\": ").Append(Quote(Model)).Append(",\n");
        text.Append("  \"provenance\": {\n");
        text.Append("    \"backend\": ").Append(Quote(Provenance.Backend)).Append(",\n");
        text.Append("    \"onnxRuntime\": ").Append(Quote(Provenance.OnnxRuntime)).Append(",\n");
        text.Append("    \"modelSha256\": ").Append(Quote(Provenance.ModelSha256)).Append(",\n");
        text.Append("    \"precision\": ").Append(Quote(Provenance.Precision)).Append(",\n");
        text.Append("    \"tool\": ").Append(Quote(Provenance.Tool)).Append('\n');
        text.Append("  },\n");
        text.Append("  \"cases\": [");
        for (var c = 0; c < Cases.Count; c++)
        {
            text.Append(c == 0 ? "\n" : ",\n");
            text.Append("    {\n");
            text.Append("      \"case\": ").Append(Quote(Cases[c].Case)).Append(",\n");
            text.Append("      \"outputs\": [");
            var outputs = Cases[c].Outputs;
            for (var o = 0; o < outputs.Count; o++)
            {
                var output = outputs[o];
                text.Append(o == 0 ? "\n" : ",\n");
                text.Append("        {\n");
                text.Append("          \"name\": ").Append(Quote(output.Name)).Append(",\n");
                text.Append("          \"shape\": ").Append(Shapes.Format(output.Shape)).Append(",\n");
                text.Append("          \"values\": [");
                for (var i = 0; i < output.Values.Length; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",");
                    text.Append(i % ValuesPerLine == 0 ? "\n            " : " ");
                    text.Append(FormatValue(output.Values[i]));
                }

                text.Append(output.Values.Length == 0 ? "]\n" : "\n          ]\n");
                text.Append("        }");
            }

            text.Append(outputs.Count == 0 ? "]\n" : "\n      ]\n");
            text.Append("    }");
        }

        text.Append(Cases.Count == 0 ? "]\n" : "\n  ]\n");
        text.Append("}\n");
        return text.ToString();
    }

    /// <summary>
    /// One value as goldens store it: integers exactly, everything else rounded to 7 significant digits
    /// (<c>G7</c>, invariant culture); NaN and infinities as the strings <c>"NaN"</c>, <c>"Infinity"</c>, <c>"-Infinity"</c>.
    /// </summary>
    /// <param name="value">The value.</param>
    /// <returns>Its JSON text.</returns>
    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "\"NaN\"";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        }

        if (value == 0)
        {
            return "0"; // also -0
        }

        return Math.Abs(value) < 1e15 && value == Math.Floor(value)
            ? value.ToString("0", CultureInfo.InvariantCulture)
            : value.ToString("G7", CultureInfo.InvariantCulture);
    }

    private static double ReadValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number => value.GetDouble(),
        JsonValueKind.String => value.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var other => throw new FormatException($"'{other}' is not a number."),
        },
        var kind => throw new FormatException($"A value is a JSON {kind}, not a number."),
    };

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static string Quote(string text) => JsonSerializer.Serialize(text, StringOptions);
}
