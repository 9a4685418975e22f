using System.Diagnostics;
using Accelerate.Build.Tasks.Tasks;
using Accelerate.ModelFiles.Tests.Inspection;

namespace Accelerate.Build.Tasks.Tests.Tasks;

/// <summary>
/// The same-run baseline's worktree and build, with real git repositories: every way of not getting a baseline is a
/// coded error on the project. (A baseline that builds and is measured: Accelerate.EndToEnd.Tests, SameRunGateTests.)
/// </summary>
public sealed class AccelerateBuildBaselineTests : IDisposable
{
    private readonly TempFolder _repository = new();
    private readonly TempFolder _worktrees = new();
    private readonly RecordingBuildEngine _engine = new();

    public void Dispose()
    {
        _worktrees.Dispose();
        _repository.Dispose();
    }

    private string Project => Path.Combine(_repository.Path, "app", "App.csproj");

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.com", .. arguments])
        {
            start.ArgumentList.Add(a);
        }

        using var git = Process.Start(start)!;
        var error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {error}");
    }

    // A repository with one commit on branch `main` holding app/App.csproj with the given Program.cs.
    private void CommitApp(string program)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Project)!);
        File.WriteAllText(Project, """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(_repository.Path, "app", "Program.cs"), program);
        if (!Directory.Exists(Path.Combine(_repository.Path, ".git")))
        {
            Git(_repository.Path, "init", "-q", "-b", "main");
        }

        Git(_repository.Path, "add", "-A");
        Git(_repository.Path, "commit", "-q", "-m", "app");
    }

    private bool Execute(string compareWith, string? project = null) => new AccelerateBuildBaseline
    {
        BuildEngine = _engine,
        ProjectFile = project ?? Project,
        CompareWith = compareWith,
        Configuration = "Release",
        WorktreeRoot = _worktrees.Path,
    }.Execute();

    [Fact]
    public void Outside_a_git_repository_is_ACC5004()
    {
        var project = Path.Combine(_repository.Path, "App.csproj");
        File.WriteAllText(project, "<Project />");

        Assert.False(Execute("merge-base", project));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal(("ACC5004", project), (error.Code, error.File));
        Assert.Equal("AccelerateCompareWith=merge-base: the project is not in a git repository (or git is not installed), so there is no commit to compare with", error.Message);
    }

    [Fact]
    public void An_unknown_ref_is_ACC5004_naming_it()
    {
        CommitApp("System.Console.WriteLine(1);");

        Assert.False(Execute("v0.9"));

        Assert.Equal($"AccelerateCompareWith=v0.9: 'v0.9' is not a commit, branch or tag of {_repository.Path}", Assert.Single(_engine.Errors).Message);
    }

    [Fact]
    public void Merge_base_without_a_default_branch_is_ACC5004()
    {
        CommitApp("System.Console.WriteLine(1);");
        Git(_repository.Path, "branch", "-m", "main", "feature");

        Assert.False(Execute("merge-base"));

        Assert.Contains("no default branch to take the merge base with (no origin/HEAD, main or master)", Assert.Single(_engine.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_project_absent_at_the_baseline_is_ACC5004_and_the_worktree_is_made_at_that_commit()
    {
        CommitApp("System.Console.WriteLine(1);");
        Git(_repository.Path, "tag", "before");
        var later = Path.Combine(_repository.Path, "later", "Later.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(later)!);
        File.WriteAllText(later, "<Project />");
        Git(_repository.Path, "add", "-A");
        Git(_repository.Path, "commit", "-q", "-m", "later");

        Assert.False(Execute("before", later));

        var error = Assert.Single(_engine.Errors);
        Assert.Matches(@"^AccelerateCompareWith=before: later[/\\]Later\.csproj does not exist at before \([0-9a-f]{8}\)$", error.Message);
        var worktree = Assert.Single(Directory.GetDirectories(Assert.Single(Directory.GetDirectories(_worktrees.Path))));
        Assert.True(File.Exists(Path.Combine(worktree, "app", "Program.cs")));
        Assert.False(Directory.Exists(Path.Combine(worktree, "later")));
    }

    [Fact]
    public void A_baseline_that_does_not_compile_is_ACC5005_with_the_compiler_error()
    {
        CommitApp("this is not C#");
        Git(_repository.Path, "tag", "broken");
        CommitApp("System.Console.WriteLine(2);");

        Assert.False(Execute("broken"));

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC5005", error.Code);
        Assert.Matches(@"^The baseline broken \([0-9a-f]{8}\) did not build in its worktree .+ \(exit code 1\): .*error CS", error.Message);
    }
}
