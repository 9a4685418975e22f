using System.Globalization;

namespace Accelerate.ModelFiles.Sources;

/// <summary>Where restore puts a package in the global packages folder (lower-case id / normalised version).</summary>
public static class NuGetPackageFolder
{
    /// <summary>The package's folder under <paramref name="packageRoot"/>.</summary>
    public static string PathOf(string packageRoot, string id, string version) =>
        Path.Combine(packageRoot, id.ToLowerInvariant(), NormalizeVersion(version).ToLowerInvariant());

    /// <summary>True when the package is fully extracted (restore writes the .nupkg.metadata file last).</summary>
    public static bool IsRestored(string packageRoot, string id, string version) =>
        File.Exists(Path.Combine(PathOf(packageRoot, id, version), ".nupkg.metadata"));

    /// <summary>NuGet's normalised form: "1.0" → "1.0.0", "1.2.3.0" → "1.2.3", leading zeros dropped; labels kept.</summary>
    public static string NormalizeVersion(string version)
    {
        var metadata = version.IndexOf('+');
        if (metadata >= 0) version = version.Substring(0, metadata);
        var dash = version.IndexOf('-');
        var core = dash >= 0 ? version.Substring(0, dash) : version;
        var label = dash >= 0 ? version.Substring(dash) : "";
        var parts = core.Split('.').Select(p => long.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToList();
        while (parts.Count < 3) parts.Add(0);
        if (parts.Count == 4 && parts[3] == 0) parts.RemoveAt(3);
        return string.Join(".", parts.Select(p => p.ToString(CultureInfo.InvariantCulture))) + label;
    }
}
