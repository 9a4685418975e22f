using System.Reflection;

namespace Accelerate.Generators.Tests.Support;

/// <summary>Committed expected outputs under Baselines/; ACCELERATE_UPDATE_BASELINES=1 rewrites them (see Baselines/README.md).</summary>
internal static class Baselines
{
    public const string UpdateVariable = "ACCELERATE_UPDATE_BASELINES";

    private static string Folder { get; } = Path.Combine(
        typeof(Baselines).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ProjectDirectory").Value!,
        "Baselines");

    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Asserts <paramref name="actual"/> equals Baselines/<paramref name="name"/>.cs.txt, or rewrites that file when updating.</summary>
    public static void AssertMatches(string name, string actual)
    {
        var path = Path.Combine(Folder, name + ".cs.txt");
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        if (Updating)
        {
            File.WriteAllText(path, actual);
            return;
        }
        Assert.True(File.Exists(path), $"No baseline {path}: run the tests once with {UpdateVariable}=1 and review the new file.");
        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            var expectedLines = expected.Split('\n');
            var actualLines = actual.Split('\n');
            var line = Enumerable.Range(0, Math.Min(expectedLines.Length, actualLines.Length)).FirstOrDefault(i => expectedLines[i] != actualLines[i], Math.Min(expectedLines.Length, actualLines.Length));
            Assert.Fail($"Generated source differs from {path} at line {line + 1}:\n" +
                $"  expected: {(line < expectedLines.Length ? expectedLines[line] : "(end of file)")}\n" +
                $"  actual:   {(line < actualLines.Length ? actualLines[line] : "(end of file)")}\n" +
                $"If the change is intended, rerun with {UpdateVariable}=1 and review the diff.");
        }
    }
}
