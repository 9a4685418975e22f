using System.Text;
using System.Text.Json;

namespace Accelerate.Manifest.Signatures;

/// <summary>
/// Reads and writes <see cref="ModelSignature"/> as indented JSON (the obj/…/accelerate/*.signature.json files).
/// Hand-written over Utf8JsonWriter/JsonDocument so it runs inside the compiler without reflection.
/// </summary>
public static class ModelSignatureJson
{
    /// <summary>Serialises a signature.</summary>
    public static string Write(ModelSignature signature)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            WriteObject(w, signature);
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteObject(Utf8JsonWriter w, ModelSignature signature)
    {
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", signature.FormatVersion);
            w.WriteString("manifestPath", signature.ManifestPath);
            w.WriteString("modelFile", signature.ModelFile);
            if (signature.VocabFile is not null) w.WriteString("vocabFile", signature.VocabFile);
            w.WriteString("sha256", signature.Sha256);
            w.WriteNumber("sizeBytes", signature.SizeBytes);
            w.WriteNumber("irVersion", signature.IrVersion);
            w.WriteString("producerName", signature.ProducerName);
            w.WriteString("producerVersion", signature.ProducerVersion);
            w.WriteString("domain", signature.Domain);
            w.WriteNumber("modelVersion", signature.ModelVersion);
            w.WriteString("docString", signature.DocString);
            w.WriteString("graphName", signature.GraphName);
            w.WriteStartArray("opsets");
            foreach (var o in signature.Opsets)
            {
                w.WriteStartObject();
                w.WriteString("domain", o.Domain);
                w.WriteNumber("version", o.Version);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("metadata");
            foreach (var m in signature.Metadata)
            {
                w.WriteStartObject();
                w.WriteString("key", m.Key);
                w.WriteString("value", m.Value);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            WriteTensors(w, "inputs", signature.Inputs);
            WriteTensors(w, "outputs", signature.Outputs);
            w.WriteStartArray("variants");
            foreach (var v in signature.Variants)
            {
                w.WriteStartObject();
                w.WriteString("precision", v.Precision);
                w.WriteString("modelFile", v.ModelFile);
                w.WriteString("sha256", v.Sha256);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("models");
            foreach (var m in signature.Models)
            {
                w.WriteStartObject();
                w.WriteString("role", m.Role);
                w.WritePropertyName("signature");
                WriteObject(w, m.Signature);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("files");
            foreach (var f in signature.Files)
            {
                w.WriteStartObject();
                w.WriteString("role", f.Role);
                w.WriteString("file", f.File);
                w.WriteString("sha256", f.Sha256);
                if (f.Lines.Count > 0)
                {
                    w.WriteStartArray("lines");
                    foreach (var line in f.Lines) w.WriteStringValue(line);
                    w.WriteEndArray();
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
    }

    private static void WriteTensors(Utf8JsonWriter w, string name, EquatableArray<TensorSignature> tensors)
    {
        w.WriteStartArray(name);
        foreach (var t in tensors)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("kind", t.Kind);
            if (t.ElementType is null) w.WriteNull("elementType"); else w.WriteString("elementType", t.ElementType);
            if (t.Shape is { } shape)
            {
                w.WriteStartArray("shape");
                foreach (var d in shape)
                {
                    if (d.Value is { } v) w.WriteNumberValue(v);
                    else if (d.Param is { } p) w.WriteStringValue(p);
                    else w.WriteNullValue();
                }
                w.WriteEndArray();
            }
            else
            {
                w.WriteNull("shape");
            }
            w.WriteString("docString", t.DocString);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }

    /// <summary>Parses a signature; throws <see cref="FormatException"/> when the text is not one.</summary>
    public static ModelSignature Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return ReadObject(doc.RootElement);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("Not a model signature file: " + e.Message, e);
        }
    }

    private static ModelSignature ReadObject(JsonElement root)
    {
        {
            var version = root.GetProperty("formatVersion").GetInt32();
            if (version != ModelSignature.CurrentFormatVersion)
            {
                throw new FormatException($"Signature format version {version} is not supported (expected {ModelSignature.CurrentFormatVersion}).");
            }
            return new ModelSignature
            {
                FormatVersion = version,
                ManifestPath = Str(root, "manifestPath"),
                ModelFile = Str(root, "modelFile"),
                VocabFile = root.TryGetProperty("vocabFile", out var vocab) && vocab.ValueKind == JsonValueKind.String ? vocab.GetString() : null,
                Sha256 = Str(root, "sha256"),
                SizeBytes = root.GetProperty("sizeBytes").GetInt64(),
                IrVersion = root.GetProperty("irVersion").GetInt64(),
                ProducerName = Str(root, "producerName"),
                ProducerVersion = Str(root, "producerVersion"),
                Domain = Str(root, "domain"),
                ModelVersion = root.GetProperty("modelVersion").GetInt64(),
                DocString = Str(root, "docString"),
                GraphName = Str(root, "graphName"),
                Opsets = root.GetProperty("opsets").EnumerateArray()
                    .Select(o => new OpsetImport(Str(o, "domain"), o.GetProperty("version").GetInt64())).ToEquatableArray(),
                Metadata = root.GetProperty("metadata").EnumerateArray()
                    .Select(m => new MetadataEntry(Str(m, "key"), Str(m, "value"))).ToEquatableArray(),
                Inputs = ReadTensors(root.GetProperty("inputs")),
                Outputs = ReadTensors(root.GetProperty("outputs")),
                // Optional: signatures written before variants existed have none.
                Variants = root.TryGetProperty("variants", out var variants)
                    ? variants.EnumerateArray().Select(v => new VariantSignature(Str(v, "precision"), Str(v, "modelFile"), Str(v, "sha256"))).ToEquatableArray()
                    : EquatableArray<VariantSignature>.Empty,
                // Optional as well: single-model signatures written before multi-model tasks have neither.
                Models = root.TryGetProperty("models", out var models)
                    ? models.EnumerateArray().Select(m => new RoleSignature(Str(m, "role"), ReadObject(m.GetProperty("signature")))).ToEquatableArray()
                    : EquatableArray<RoleSignature>.Empty,
                Files = root.TryGetProperty("files", out var files)
                    ? files.EnumerateArray().Select(f => new RoleFile(Str(f, "role"), Str(f, "file"), Str(f, "sha256"),
                        f.TryGetProperty("lines", out var lines) ? lines.EnumerateArray().Select(l => l.GetString() ?? "").ToEquatableArray() : EquatableArray<string>.Empty)).ToEquatableArray()
                    : EquatableArray<RoleFile>.Empty,
            };
        }
    }

    private static EquatableArray<TensorSignature> ReadTensors(JsonElement array) =>
        array.EnumerateArray().Select(t =>
        {
            var elementType = t.GetProperty("elementType");
            var shape = t.GetProperty("shape");
            return new TensorSignature(
                Str(t, "name"),
                Str(t, "kind"),
                elementType.ValueKind == JsonValueKind.String ? elementType.GetString() : null,
                shape.ValueKind == JsonValueKind.Array
                    ? shape.EnumerateArray().Select(d => d.ValueKind switch
                    {
                        JsonValueKind.Number => new Dimension(d.GetInt64(), null),
                        JsonValueKind.String => new Dimension(null, d.GetString()),
                        _ => new Dimension(null, null),
                    }).ToEquatableArray()
                    : null,
                Str(t, "docString"));
        }).ToEquatableArray();

    private static string Str(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";
}
