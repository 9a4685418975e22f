using System.Text;
using System.Text.RegularExpressions;

namespace Accelerate.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The shell blocks of a guide that are marked to run (a <c>&lt;!-- run --&gt;</c> line just before a <c>```bash</c> block),
/// in page order, as one script: what a reader following the page types.
/// </summary>
public static partial class GuideScript
{
    [GeneratedRegex(@"^<!-- run -->\s*\n```bash\n(.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex RunnableBlock();

    /// <summary>The marked blocks of <paramref name="guide"/> (relative to the repository root).</summary>
    public static IReadOnlyList<string> Blocks(string guide) =>
        RunnableBlock().Matches(File.ReadAllText(Path.Combine(Dotnet.RepositoryRoot, guide)).Replace("\r\n", "\n"))
            .Select(m => m.Groups[1].Value).ToList();

    /// <summary>Writes the blocks as one bash script that stops at the first failing command, and returns its path.</summary>
    public static string Write(string guide, string folder)
    {
        var blocks = Blocks(guide);
        if (blocks.Count == 0) throw new InvalidOperationException($"{guide} has no block marked <!-- run -->.");
        var script = new StringBuilder("set -euo pipefail\n");
        foreach (var block in blocks) script.Append(block).Append('\n');
        var path = Path.Combine(folder, "guide.sh");
        File.WriteAllText(path, script.ToString());
        return path;
    }
}
