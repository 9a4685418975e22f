using System.Globalization;

namespace Accelerate.Manifest.Diagnostics;

/// <summary>One entry of the <see cref="DiagnosticCatalog"/>: id, title, message format and default severity.</summary>
public sealed record DiagnosticDefinition(string Id, string Title, string MessageFormat, DiagnosticSeverityLevel Severity, string Category)
{
    /// <summary>Link to this code's section of docs/reference/diagnostics.md.</summary>
    public string HelpLink => "https://github.com/accelerate-build/accelerate-build/blob/main/docs/reference/diagnostics.md#" + Id.ToLowerInvariant();

    /// <summary>Formats the message with invariant culture.</summary>
    public string Format(params object?[] args) => string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

    /// <summary>Creates a diagnostic at <paramref name="location"/>.</summary>
    public ManifestDiagnostic At(ManifestLocation location, params object?[] args) => new(Id, Severity, Format(args), location);
}
