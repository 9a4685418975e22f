using Accelerate.EndToEnd.Tests.Infrastructure;
using Accelerate.EndToEnd.Tests.Package;
using Accelerate.Manifest.Diagnostics;

namespace Accelerate.EndToEnd.Tests.Guides;

/// <summary>
/// The guides' commands, run verbatim in an empty folder against the packed packages (a nuget.config above the folder
/// is the only thing the page does not say, as on a machine whose package source has them), then the friction points
/// a newcomer meets around them.
/// </summary>
public sealed class GuideTests(PackedPackageFixture package)
{
    [Fact]
    public void TestingGuide_RunsAsWritten_AndTheBuildSaysWhereEverythingWent()
    {
        using var root = package.NewWorkspace(withGlobalJson: false);
        var work = Path.Combine(root.Path, "work");
        Directory.CreateDirectory(work);
        var script = GuideScript.Write("docs/guides/testing.md", root.Path);

        var run = Dotnet.RunProcess("bash", $"\"{script}\"", work, timeoutSeconds: 900);

        Assert.True(run.ExitCode == 0, "The testing guide's commands failed:\n" + run.All);
        var goldens = Path.Combine(work, "Search", "models", "MiniLm.goldens.json");
        Assert.True(File.Exists(goldens), "goldens recorded beside the manifest");
        Assert.Contains($"recorded goldens at {goldens} (recording mode compares nothing", run.StandardOutput);
        Assert.Contains("skipped MiniLm[cuda].MatchesGoldens", run.StandardOutput);
        Assert.DoesNotContain("failed MiniLm[cpu]", run.StandardOutput);
        var tests = Path.Combine(work, "Search.Tests");

        // At build time: the run says where the report went, and an unchanged second run says it did not run.
        var first = PackedPackageFixture.Check(Dotnet.Run(tests, "build -t:AccelerateTest"));
        Assert.Matches(@"Accelerate hardware matrix: \d+ passed, 0 failed, \d+ skipped \(report: [^)]*test-matrix\.md\)", first.StandardOutput);
        var second = PackedPackageFixture.Check(Dotnet.Run(tests, "build -t:AccelerateTest"));
        Assert.Contains("Accelerate hardware matrix: up to date, not run", second.StandardOutput);
        File.Delete(goldens);
        var recorded = PackedPackageFixture.Check(Dotnet.Run(tests, "build -t:AccelerateTest -p:AccelerateUpdateGoldens=true"));
        Assert.True(recorded.StandardOutput.Contains($"Accelerate: goldens recorded at {goldens}", StringComparison.Ordinal), recorded.All);

        // Without the global.json step: ACC4004 names the file and its content instead of the test platform's generic error.
        File.Move(Path.Combine(work, "global.json"), Path.Combine(root.Path, "global.json.away"));
        var vstest = Dotnet.Run(tests, "test");
        Assert.NotEqual(0, vstest.ExitCode);
        Assert.Contains("error ACC4004: This test project runs on Microsoft.Testing.Platform (xunit.v3), but dotnet test started it in VSTest mode", vstest.StandardOutput);
        Assert.Contains($"Add {Path.Combine(tests, "global.json")} containing {{ \"test\": {{ \"runner\": \"Microsoft.Testing.Platform\" }} }}", vstest.StandardOutput);

        // Help links point at the diagnostics reference shipped in the package, and it has every code's section.
        var docs = PackedPackageFixture.Check(Dotnet.Run(tests, "msbuild -getProperty:AccelerateDiagnosticsDocs")).StandardOutput.Trim();
        Assert.StartsWith("file:///", docs);
        var page = File.ReadAllText(new Uri(docs).LocalPath);
        Assert.All(DiagnosticCatalog.All, d => Assert.Contains($"### {d.Id}\n", page.Replace("\r\n", "\n")));

        // A deleted manifest leaves no empty model folder in bin/, and dotnet clean removes what the integration wrote under obj/.
        var app = Path.Combine(work, "Search");
        File.Delete(Path.Combine(app, "models", "MiniLm.model.json"));
        File.WriteAllText(Path.Combine(app, "Program.cs"), "System.Console.WriteLine();\n");
        PackedPackageFixture.Check(Dotnet.Run(app, "build"));
        Assert.False(Directory.Exists(Path.Combine(app, "bin", "Debug", "net10.0", "models", "MiniLm")), "the deleted model's folder is gone from bin/");
        PackedPackageFixture.Check(Dotnet.Run(app, "clean"));
        Assert.Empty(Directory.GetDirectories(Path.Combine(app, "obj"), "accelerate", SearchOption.AllDirectories));
    }
}
