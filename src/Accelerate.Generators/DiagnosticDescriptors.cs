using System.Collections.Concurrent;
using Accelerate.Manifest.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Accelerate.Generators;

/// <summary>Roslyn descriptors for every entry of the shared <see cref="DiagnosticCatalog"/>, per diagnostics-reference address.</summary>
internal static class DiagnosticDescriptors
{
    private static readonly Dictionary<string, DiagnosticDefinition> Definitions = DiagnosticCatalog.All.ToDictionary(d => d.Id);
    private static readonly ConcurrentDictionary<(string Id, string Docs), DiagnosticDescriptor> Cache = new();

    /// <summary>The descriptor of <paramref name="id"/> whose help link points into the reference at <paramref name="docs"/> (build property AccelerateDiagnosticsDocs).</summary>
    public static DiagnosticDescriptor Get(string id, string? docs = null) => Cache.GetOrAdd((id, docs ?? ""), key =>
    {
        var d = Definitions[key.Id];
        return new DiagnosticDescriptor(
            d.Id,
            d.Title,
            "{0}", // messages are formatted by the catalogue, so generator, tasks and CLI word them identically
            d.Category,
            d.Severity switch
            {
                DiagnosticSeverityLevel.Error => DiagnosticSeverity.Error,
                DiagnosticSeverityLevel.Warning => DiagnosticSeverity.Warning,
                _ => DiagnosticSeverity.Info,
            },
            isEnabledByDefault: true,
            helpLinkUri: d.HelpLinkAt(key.Docs));
    });
}
