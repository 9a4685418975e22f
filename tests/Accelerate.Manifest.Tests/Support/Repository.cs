using System.Reflection;

namespace Accelerate.Manifest.Tests.Support;

/// <summary>Files of the repository this test assembly was built from (RepositoryRoot is stamped in by the csproj).</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value ?? throw new InvalidOperationException("RepositoryRoot metadata is empty.");

    /// <summary>Full path of a repository file given with '/' separators.</summary>
    public static string PathOf(string relativePath) => Path.GetFullPath(Path.Combine(Root, relativePath));

    /// <summary>The text of a repository file; fails the test, naming the file, when it does not exist.</summary>
    public static string ReadText(string relativePath)
    {
        var path = PathOf(relativePath);
        Assert.True(File.Exists(path), $"{relativePath} does not exist (looked for {path}).");
        return File.ReadAllText(path);
    }
}
