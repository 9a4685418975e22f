using System.Text.Json;
using System.Text.RegularExpressions;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Tests.Support;

namespace Accelerate.Manifest.Tests;

/// <summary>
/// The diagnostics reference and the JSON schema users point "$schema" at must match the code:
/// every ACC code documented, every manifest property in the schema and nothing else.
/// </summary>
public sealed partial class DocumentationTests
{
    private const string DiagnosticsDoc = "docs/reference/diagnostics.md";
    private const string Schema = "build/accelerate.model.schema.json";

    [GeneratedRegex(@"^###\s+(ACC\d{4})\b(.*)$", RegexOptions.Multiline)]
    private static partial Regex CodeHeading();

    [Fact]
    public void Every_catalogued_code_has_a_heading_in_the_diagnostics_reference()
    {
        var documented = CodeHeading().Matches(Repository.ReadText(DiagnosticsDoc)).Select(m => m.Groups[1].Value).ToHashSet();

        var missing = DiagnosticCatalog.All.Select(d => d.Id).Where(id => !documented.Contains(id)).ToList();

        Assert.True(missing.Count == 0, $"{DiagnosticsDoc} has no '### ACCnnnn' heading for: {string.Join(", ", missing)}");
    }

    [Fact]
    public void Diagnostics_reference_documents_no_code_that_does_not_exist()
    {
        var catalogued = DiagnosticCatalog.All.Select(d => d.Id).ToHashSet();

        var stale = CodeHeading().Matches(Repository.ReadText(DiagnosticsDoc)).Select(m => m.Groups[1].Value).Where(id => !catalogued.Contains(id)).ToList();

        Assert.True(stale.Count == 0, $"{DiagnosticsDoc} documents codes that DiagnosticCatalog does not have: {string.Join(", ", stale)}");
    }

    [Fact]
    public void Help_links_reach_their_heading()
    {
        // HelpLink ends in "#acc1001": GitHub gives "### ACC1001" that anchor, but "### ACC1001: Title" gets
        // "acc1001-title" unless the page adds an explicit anchor.
        var doc = Repository.ReadText(DiagnosticsDoc);
        var anchors = CodeHeading().Matches(doc).Where(m => m.Groups[2].Value.Trim().Length == 0).Select(m => m.Groups[1].Value.ToLowerInvariant()).ToHashSet();

        var unreachable = DiagnosticCatalog.All
            .Where(d => !anchors.Contains(d.Id.ToLowerInvariant())
                && !doc.Contains($"id=\"{d.Id.ToLowerInvariant()}\"", StringComparison.Ordinal)
                && !doc.Contains($"name=\"{d.Id.ToLowerInvariant()}\"", StringComparison.Ordinal))
            .Select(d => d.HelpLink.Substring(d.HelpLink.IndexOf('#', StringComparison.Ordinal)))
            .ToList();

        Assert.True(unreachable.Count == 0, $"These help links have no anchor in {DiagnosticsDoc}: {string.Join(", ", unreachable)}");
    }

    [Fact]
    public void Schema_properties_are_exactly_the_properties_the_parser_accepts()
    {
        var schema = SchemaPropertyPaths(Repository.ReadText(Schema));
        var parser = ParserPropertyPaths();
        Assert.Contains("/tests/tolerance/fp32", parser);
        Assert.Contains("/tokenizer/vocab/file", parser);

        var notInSchema = parser.Except(schema).Order(StringComparer.Ordinal).ToList();
        var notInParser = schema.Except(parser).Order(StringComparer.Ordinal).ToList();

        Assert.True(notInSchema.Count == 0 && notInParser.Count == 0,
            $"Accepted by the parser but missing from {Schema}: {string.Join(", ", notInSchema)}\n" +
            $"In {Schema} but reported as unknown (ACC1004) by the parser: {string.Join(", ", notInParser)}");
    }

    [Fact]
    public void Schema_only_properties_really_are_unknown_to_the_parser()
    {
        // Guards the previous test's parser side: a schema property missing from the sample manifests is probed directly.
        var schema = SchemaPropertyPaths(Repository.ReadText(Schema));
        var accepted = ParserPropertyPaths();

        var reallyUnknown = schema.Except(accepted).Where(path => !ParserAcceptsAt(path)).ToList();

        Assert.Equal(schema.Except(accepted).Order(StringComparer.Ordinal), reallyUnknown.Order(StringComparer.Ordinal));
    }

    /// <summary>Every property path the parser reads, from valid manifests that together use every property.</summary>
    private static HashSet<string> ParserPropertyPaths()
    {
        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in new[] { Manifests.Full, Manifests.PackageFile, Manifests.PackageResource, Manifests.MinimalFeatureExtraction, Manifests.Image })
        {
            foreach (var location in Parsing.ParseClean(text).Locations)
            {
                // "" is the root; keys under "names" and "tests.dimensions" are the model's names, not properties;
                // triplets are array items (the schema describes them under "items").
                if (location.Path.Length > 0 && !new[] { "/names/", "/tests/dimensions/", "/tests/triplets/" }.Any(p => location.Path.StartsWith(p, StringComparison.Ordinal))) paths.Add(location.Path);
            }
        }
        // "source", "tokenizer.vocab" and every "variants.<precision>" are read by the same source reader, so they accept
        // the same properties (the precisions mirror the parser's: fp32 is "source" itself).
        var sourceReaders = new[] { "/tokenizer/vocab" }.Concat(new[] { "fp16", "bf16", "int8", "uint8", "int4" }.Select(p => "/variants/" + p)).ToList();
        foreach (var reader in sourceReaders.Where(r => r.StartsWith("/variants/", StringComparison.Ordinal))) paths.Add(reader);
        foreach (var sourcePath in paths.Where(p => p.StartsWith("/source/", StringComparison.Ordinal)).ToList())
        {
            foreach (var reader in sourceReaders) paths.Add(reader + sourcePath.Substring("/source".Length));
        }
        return paths;
    }

    /// <summary>True when the parser does not report ACC1004 for a property at <paramref name="path"/> in the full manifest.</summary>
    private static bool ParserAcceptsAt(string path)
    {
        var segments = path.Trim('/').Split('/');
        using var doc = JsonDocument.Parse(Manifests.Full, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var root = System.Text.Json.Nodes.JsonNode.Parse(doc.RootElement.GetRawText())!.AsObject();
        var parent = root;
        foreach (var segment in segments[..^1])
        {
            if (parent[segment] is not System.Text.Json.Nodes.JsonObject child) return false;
            parent = child;
        }
        parent[segments[^1]] = null;
        var result = Parsing.Parse(root.ToJsonString());
        return !result.Diagnostics.Any(d => d.Id is "ACC1004" or "ACC1025" && d.Message.Contains($"'{segments[^1]}'", StringComparison.Ordinal));
    }

    /// <summary>Property paths ("/source/path") declared by the schema, following local $refs and combinators.</summary>
    private static HashSet<string> SchemaPropertyPaths(string schemaText)
    {
        using var doc = JsonDocument.Parse(schemaText, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var paths = new HashSet<string>(StringComparer.Ordinal);
        Walk(doc.RootElement, "", doc.RootElement, paths, []);
        return paths;
    }

    private static void Walk(JsonElement schema, string path, JsonElement root, HashSet<string> paths, HashSet<string> activeRefs)
    {
        if (schema.ValueKind != JsonValueKind.Object) return;
        if (schema.TryGetProperty("$ref", out var reference) && reference.GetString() is { } target && target.StartsWith('#'))
        {
            if (activeRefs.Add(path + "|" + target))
            {
                Walk(Resolve(root, target), path, root, paths, activeRefs);
            }
        }
        if (schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in properties.EnumerateObject())
            {
                var childPath = path + "/" + property.Name;
                paths.Add(childPath);
                Walk(property.Value, childPath, root, paths, activeRefs);
            }
        }
        foreach (var combinator in new[] { "allOf", "anyOf", "oneOf" })
        {
            if (schema.TryGetProperty(combinator, out var alternatives) && alternatives.ValueKind == JsonValueKind.Array)
            {
                foreach (var alternative in alternatives.EnumerateArray()) Walk(alternative, path, root, paths, activeRefs);
            }
        }
        foreach (var conditional in new[] { "if", "then", "else" })
        {
            if (schema.TryGetProperty(conditional, out var branch)) Walk(branch, path, root, paths, activeRefs);
        }
    }

    private static JsonElement Resolve(JsonElement root, string reference)
    {
        var node = root;
        foreach (var raw in reference.TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var segment = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind != JsonValueKind.Object || !node.TryGetProperty(segment, out node))
            {
                throw new InvalidOperationException($"{Schema}: $ref '{reference}' does not resolve.");
            }
        }
        return node;
    }
}
