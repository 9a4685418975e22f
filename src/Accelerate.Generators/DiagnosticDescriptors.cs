using Accelerate.Manifest.Diagnostics;
using Microsoft.CodeAnalysis;

namespace Accelerate.Generators;

/// <summary>Roslyn descriptors for every entry of the shared <see cref="DiagnosticCatalog"/>.</summary>
internal static class DiagnosticDescriptors
{
    private static readonly Dictionary<string, DiagnosticDescriptor> ById = DiagnosticCatalog.All.ToDictionary(
        d => d.Id,
        d => new DiagnosticDescriptor(
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
            helpLinkUri: d.HelpLink));

    public static DiagnosticDescriptor Get(string id) => ById[id];
}
