namespace Accelerate.Generators;

/// <summary>Path arithmetic without the file system (a generator must not touch it).</summary>
internal static class Paths
{
    /// <summary>Forward slashes, as every path the generator hands on.</summary>
    public static string Normalize(string path) => path.Replace('\\', '/');

    /// <summary>Joins and removes "." and ".." segments; an absolute <paramref name="relative"/> is returned as it is.</summary>
    public static string Combine(string directory, string relative)
    {
        if (System.IO.Path.IsPathRooted(relative)) return Normalize(relative);
        var parts = new List<string>();
        var combined = Normalize(System.IO.Path.Combine(directory, relative));
        var rooted = combined.StartsWith("/", StringComparison.Ordinal);
        foreach (var part in combined.Split('/'))
        {
            if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..") parts.RemoveAt(parts.Count - 1);
            else if (part.Length > 0 && part != ".") parts.Add(part);
        }
        return (rooted ? "/" : "") + string.Join("/", parts);
    }
}
