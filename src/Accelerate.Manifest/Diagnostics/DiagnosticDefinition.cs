using System.Globalization;

namespace Accelerate.Manifest.Diagnostics;

/// <summary>One entry of the <see cref="DiagnosticCatalog"/>: id, title, message format and default severity.</summary>
public sealed record DiagnosticDefinition(string Id, string Title, string MessageFormat, DiagnosticSeverityLevel Severity, string Category)
{
    /// <summary>
    /// The address of the diagnostics reference when none is configured: the page's path inside the repository and the
    /// package. Builds configure a full address (MSBuild property AccelerateDiagnosticsDocs: the copy shipped in the
    /// package, or an address set when the package was packed).
    /// </summary>
    public const string DefaultDocs = "docs/reference/diagnostics.md";

    /// <summary>Link to this code's section of the diagnostics reference at <see cref="DefaultDocs"/>.</summary>
    public string HelpLink => HelpLinkAt(null);

    /// <summary>Link to this code's section of the diagnostics reference at <paramref name="docs"/> (a URL or file URI of the page).</summary>
    /// <param name="docs">The page's address; null or empty for <see cref="DefaultDocs"/>.</param>
    public string HelpLinkAt(string? docs) => (string.IsNullOrWhiteSpace(docs) ? DefaultDocs : docs!.Trim()) + "#" + Id.ToLowerInvariant();

    /// <summary>Formats the message with invariant culture.</summary>
    public string Format(params object?[] args) => string.Format(CultureInfo.InvariantCulture, MessageFormat, args);

    /// <summary>Creates a diagnostic at <paramref name="location"/>.</summary>
    public ManifestDiagnostic At(ManifestLocation location, params object?[] args) => new(Id, Severity, Format(args), location);
}
