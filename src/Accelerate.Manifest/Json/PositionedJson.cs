using System.Text;
using System.Text.Json;
using Accelerate.Manifest.Diagnostics;

namespace Accelerate.Manifest.Json;

/// <summary>A JSON value that remembers where it stands in the manifest text, so diagnostics can point at it.</summary>
internal abstract class JsonValueNode(ManifestLocation location)
{
    public ManifestLocation Location { get; } = location;

    /// <summary>The JSON kind in words, for messages ("a string", "an array", ...).</summary>
    public abstract string KindName { get; }
}

internal sealed class JsonObjectNode(ManifestLocation location, IReadOnlyList<JsonPropertyNode> properties) : JsonValueNode(location)
{
    public IReadOnlyList<JsonPropertyNode> Properties { get; } = properties;
    public override string KindName => "an object";
}

internal sealed class JsonPropertyNode(string name, ManifestLocation nameLocation, JsonValueNode value)
{
    public string Name { get; } = name;
    public ManifestLocation NameLocation { get; } = nameLocation;
    public JsonValueNode Value { get; } = value;
}

internal sealed class JsonArrayNode(ManifestLocation location, IReadOnlyList<JsonValueNode> items) : JsonValueNode(location)
{
    public IReadOnlyList<JsonValueNode> Items { get; } = items;
    public override string KindName => "an array";
}

internal sealed class JsonStringNode(ManifestLocation location, string value) : JsonValueNode(location)
{
    public string Value { get; } = value;
    public override string KindName => "a string";
}

internal sealed class JsonNumberNode(ManifestLocation location, double value, bool isInteger) : JsonValueNode(location)
{
    public double Value { get; } = value;
    public bool IsInteger { get; } = isInteger;
    public override string KindName => "a number";
}

internal sealed class JsonBooleanNode(ManifestLocation location, bool value) : JsonValueNode(location)
{
    public bool Value { get; } = value;
    public override string KindName => Value ? "true" : "false";
}

internal sealed class JsonNullNode(ManifestLocation location) : JsonValueNode(location)
{
    public override string KindName => "null";
}

/// <summary>
/// Builds a <see cref="JsonValueNode"/> tree with System.Text.Json's reader (comments and trailing commas allowed),
/// mapping UTF-8 byte offsets back to character offsets and lines.
/// </summary>
internal static class PositionedJsonParser
{
    /// <summary>Result of parsing: the root (null when empty or invalid) and the error, if any.</summary>
    public readonly record struct Result(JsonValueNode? Root, ManifestDiagnostic? Error);

    public static Result Parse(string text, TextPositions positions)
    {
        // System.Text.Json rejects input without tokens as invalid; for a manifest that is "empty" (ACC1002).
        if (IsBlank(text))
        {
            return new Result(null, null);
        }
        var charOffset = text.Length > 0 && text[0] == '\uFEFF' ? 1 : 0;
        var bytes = Encoding.UTF8.GetBytes(text.Substring(charOffset));
        var byteToChar = ByteToCharMap(text, charOffset, bytes.Length);
        ManifestLocation Span(long startByte, long endByte)
        {
            var start = byteToChar[(int)Math.Min(startByte, bytes.Length)];
            var end = byteToChar[(int)Math.Min(endByte, bytes.Length)];
            return positions.Span(start, end - start);
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
            MaxDepth = 64,
        });
        try
        {
            if (!reader.Read())
            {
                return new Result(null, null);
            }
            var root = ReadValue(ref reader, Span);
            // Anything but comments after the root value makes this Read throw, reported like any other JSON error.
            reader.Read();
            return new Result(root, null);
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0);
            var lineStartChar = positions.Offset(line, 0);
            // BytePositionInLine counts UTF-8 bytes; convert within the line to characters.
            var lineStartByte = Encoding.UTF8.GetByteCount(text.Substring(charOffset, Math.Max(0, lineStartChar - charOffset)));
            var errorByte = lineStartByte + (int)(e.BytePositionInLine ?? 0);
            var at = byteToChar[Math.Min(Math.Max(errorByte, 0), bytes.Length)];
            var message = e.Message;
            var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            if (cut > 0) message = message.Substring(0, cut).TrimEnd('.', ' ');
            return new Result(null, DiagnosticCatalog.InvalidJson.At(positions.Span(at, at < text.Length ? 1 : 0), OneLine(message)));
        }
        catch (InvalidOperationException e)
        {
            // GetString throws this (not JsonException) for a string whose escapes form an unpaired surrogate, e.g. "\uD800".
            var start = reader.TokenStartIndex;
            return new Result(null, DiagnosticCatalog.InvalidJson.At(Span(start, start + reader.ValueSpan.Length + 2), OneLine(e.Message.TrimEnd('.'))));
        }
    }

    /// <summary>True when the text holds nothing but whitespace, comments and a byte-order mark.</summary>
    private static bool IsBlank(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is ' ' or '\t' or '\r' or '\n' || (c == '\uFEFF' && i == 0))
            {
                i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '/')
            {
                while (i < text.Length && text[i] is not ('\r' or '\n')) i++;
            }
            else if (c == '/' && i + 1 < text.Length && text[i + 1] == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0) return false; // unterminated comment: let the reader report it
                i = end + 2;
            }
            else
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Reader messages may quote text across a line break; diagnostics must stay on one line.</summary>
    private static string OneLine(string message) => message.Replace("\r", "\\r").Replace("\n", "\\n");

    private static int[] ByteToCharMap(string text, int charOffset, int byteCount)
    {
        var map = new int[byteCount + 1];
        var b = 0;
        for (var i = charOffset; i < text.Length; i++)
        {
            int width;
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 4;
                for (var k = 0; k < width; k++) map[b + k] = i;
                b += width;
                i++;
                continue;
            }
            width = c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            for (var k = 0; k < width; k++) map[b + k] = i;
            b += width;
        }
        map[byteCount] = text.Length;
        return map;
    }

    private delegate ManifestLocation SpanOf(long startByte, long endByte);

    private static JsonValueNode ReadValue(ref Utf8JsonReader reader, SpanOf span)
    {
        var start = reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
            {
                var properties = new List<JsonPropertyNode>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var nameStart = reader.TokenStartIndex;
                    var name = reader.GetString()!;
                    // TokenStartIndex of a property name points at its opening quote; the name ends after the closing one.
                    var nameLocation = span(nameStart, nameStart + reader.ValueSpan.Length + 2);
                    reader.Read();
                    properties.Add(new JsonPropertyNode(name, nameLocation, ReadValue(ref reader, span)));
                }
                return new JsonObjectNode(span(start, reader.TokenStartIndex + 1), properties);
            }
            case JsonTokenType.StartArray:
            {
                var items = new List<JsonValueNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, span));
                }
                return new JsonArrayNode(span(start, reader.TokenStartIndex + 1), items);
            }
            case JsonTokenType.String:
                return new JsonStringNode(span(start, reader.TokenStartIndex + reader.ValueSpan.Length + 2), reader.GetString()!);
            case JsonTokenType.Number:
            {
                var location = span(start, start + reader.ValueSpan.Length);
                var isInteger = reader.TryGetInt64(out var integer);
                return new JsonNumberNode(location, isInteger ? integer : reader.GetDouble(), isInteger);
            }
            case JsonTokenType.True:
                return new JsonBooleanNode(span(start, start + 4), true);
            case JsonTokenType.False:
                return new JsonBooleanNode(span(start, start + 5), false);
            default:
                return new JsonNullNode(span(start, start + 4));
        }
    }
}
