using System.Text;
using Accelerate.Manifest.Tests.Support;

namespace Accelerate.Manifest.Tests;

/// <summary>Random damage to a valid manifest: the parser never throws and every location stays inside the text.</summary>
public sealed class ManifestFuzzTests
{
    private const int Seed = 20261101;
    private const int Mutations = 2000;

    // Characters and snippets that stress the tokenizer: structure, escapes, comments, numbers, non-ASCII and a lone surrogate.
    private static readonly string[] Snippets =
    [
        "{", "}", "[", "]", ",", ":", "\"", "\\", "/", "*", "/*", "//", "\n", "\r", "\r\n", "\t", " ", "0", "-", ".", "e",
        "1e999", "-1", "1.5", "null", "true", "false", "\\u", "\\uD800", "\\n", "x", "é", "模", "🙂", "\uD83D", "\uFEFF",
        "\"task\"", "\"source\"", "\"cpu\"", "\"path\": \"\"", "[[[[[[[[", "]]]]", "{}", "[]",
    ];

    [Fact]
    public void Random_mutations_never_throw_and_keep_locations_in_the_text()
    {
        var random = new Random(Seed);
        var failures = new List<string>();
        var broken = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var text = Mutate(Manifests.Full, random);
            try
            {
                var result = Parsing.Parse(text);
                if (result.HasErrors) broken++;
                foreach (var diagnostic in result.Diagnostics)
                {
                    Parsing.AssertConsistent(diagnostic.Location, text);
                }
                Assert.Equal(result.HasErrors, result.Manifest is null);
                Assert.Equal(result, Parsing.Parse(text));
            }
            catch (Exception e)
            {
                failures.Add($"mutation {i}: {e.GetType().Name}: {e.Message.Split('\n')[0]}\n--- text ---\n{text}\n");
                if (failures.Count == 5) break;
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // The mutations must really damage manifests, or this test proves nothing.
        Assert.InRange(broken, Mutations / 2, Mutations);
    }

    private static string Mutate(string text, Random random)
    {
        var builder = new StringBuilder(text);
        var edits = random.Next(1, 5);
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(builder.Length + 1);
            switch (random.Next(3))
            {
                case 0 when builder.Length > 0:
                    var start = Math.Min(at, builder.Length - 1);
                    builder.Remove(start, Math.Min(random.Next(1, 8), builder.Length - start));
                    break;
                case 1:
                    builder.Insert(at, Snippets[random.Next(Snippets.Length)]);
                    break;
                default:
                    if (at < builder.Length) builder[at] = Snippets[random.Next(Snippets.Length)][0];
                    break;
            }
        }
        return builder.ToString();
    }
}
