using System;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Accelerate.Manifest.Reports;

/// <summary>What the report contracts share: one serializer setting, and reading a versioned file that must be ours.</summary>
internal static class ReportJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// Deserializes <paramref name="json"/> after checking that it is an object with <c>formatVersion</c> =
    /// <paramref name="version"/> and an array <paramref name="list"/> (which a writer always writes, empty or not).
    /// Every failure is a <see cref="FormatException"/> that names <paramref name="source"/> and says it is not a
    /// <paramref name="kind"/>.
    /// </summary>
    public static T Read<T>(string json, string source, string kind, int version, string list)
        where T : class
    {
        int? found;
        bool hasList;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var isObject = root.ValueKind == JsonValueKind.Object;
            found = isObject && root.TryGetProperty("formatVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
            hasList = isObject && root.TryGetProperty(list, out var l) && l.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{source}' is not a {kind}: {e.Message}", e);
        }

        if (found is null)
        {
            throw new FormatException($"'{source}' is not a {kind}: it has no formatVersion.");
        }

        if (found != version)
        {
            throw new FormatException($"'{source}' has {kind} format version {found}; this version of Accelerate reads version {version}.");
        }

        if (!hasList)
        {
            throw new FormatException($"'{source}' is not a {kind}: it has no {list} list.");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, Options) ?? throw new FormatException($"'{source}' is not a {kind}: it is null.");
        }
        catch (JsonException e)
        {
            throw new FormatException($"'{source}' is not a {kind}: {e.Message}", e);
        }
    }
}
