using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Accelerate.Results.Tests;

public sealed class RunInfoTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Capture_outside_a_repository_has_no_git_facts_and_the_machine_facts()
    {
        var run = RunInfo.Capture("quick", RunKinds.Benchmark, folder.Path);

        Assert.NotEqual(Guid.Empty, run.Id);
        Assert.Equal(RunKinds.Benchmark, run.Kind);
        Assert.Equal("quick", run.Profile);
        Assert.Null(run.GitCommit);
        Assert.Null(run.GitBranch);
        Assert.Null(run.GitDirty);
        Assert.Equal(Environment.MachineName, run.Machine);
        Assert.Equal(Environment.ProcessorCount, run.Cores);
        Assert.Equal(RuntimeInformation.FrameworkDescription, run.Dotnet);
        Assert.Matches(@"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$", run.PackageVersion); // the package version, without +commit metadata
        Assert.EndsWith(RuntimeInformation.OSArchitecture.ToString(), run.Os, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow - run.StartedAt < TimeSpan.FromMinutes(1));
        Assert.Equal(0, run.StartedAt.UtcTicks % 10); // microseconds, as stored
        Assert.Null(run.FinishedAt);
        Assert.Null(run.OnnxRuntime); // this test process does not reference ONNX Runtime
        if (File.Exists("/proc/cpuinfo"))
        {
            var cpuinfo = File.ReadAllLines("/proc/cpuinfo");
            var model = cpuinfo.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            if (model is not null)
            {
                Assert.Equal(model[(model.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), run.CpuModel);
            }

            var flags = cpuinfo.FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal));
            if (flags is not null)
            {
                Assert.Equal(flags[(flags.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), run.CpuFlags);
            }
        }
    }

    [Fact]
    public void Capture_in_a_repository_records_commit_branch_and_dirty()
    {
        // Skipped only where git is absent; a git that is there but cannot init is a failure, not a skip.
        var init = Run(["init", "-q", "-b", "feature/x"]);
        if (init.ExitCode == NotInstalled)
        {
            Assert.Skip("git is not installed");
        }
        Assert.True(init.ExitCode == 0, $"git init failed ({init.ExitCode}): {init.Output}");

        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "--allow-empty", "-m", "first");
        File.WriteAllText(folder.File("a.txt"), "a");
        Git("add", "a.txt");
        Git("-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "second");
        var head = Output("rev-parse", "HEAD");

        var clean = RunInfo.Capture("default", RunKinds.Test, folder.Path);
        Assert.Equal(head, clean.GitCommit);
        Assert.Equal(40, clean.GitCommit!.Length);
        Assert.Equal("feature/x", clean.GitBranch);
        Assert.False(clean.GitDirty);

        File.WriteAllText(folder.File("untracked.txt"), "u");
        Assert.False(RunInfo.Capture("default", RunKinds.Test, folder.Path).GitDirty); // untracked files do not count

        File.WriteAllText(folder.File("a.txt"), "changed");
        Assert.True(RunInfo.Capture("default", RunKinds.Test, folder.Path).GitDirty);

        Git("checkout", "-q", "--detach");
        Assert.Null(RunInfo.Capture("default", RunKinds.Test, folder.Path).GitBranch);
    }

    [Fact]
    public void A_missing_git_or_a_missing_folder_gives_null_not_an_exception()
    {
        Assert.Null(MachineFacts.Run("accelerate-no-such-git-executable", folder.Path, "rev-parse", "HEAD"));
        Assert.Null(MachineFacts.Git(Path.Combine(folder.Path, "no-such-folder"), "rev-parse", "HEAD"));
        Assert.Null(RunInfo.Capture("quick", RunKinds.Benchmark, Path.Combine(folder.Path, "no-such-folder")).GitCommit);
    }

    [Fact]
    public void Capture_refuses_an_unknown_kind()
    {
        Assert.Throws<ArgumentException>(() => RunInfo.Capture("quick", "bench"));
    }

    private const int NotInstalled = int.MinValue;

    private bool Git(params string[] arguments) => Run(arguments).ExitCode == 0;

    private string Output(params string[] arguments) => Run(arguments).Output.Trim();

    private (int ExitCode, string Output) Run(string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo("git") { WorkingDirectory = folder.Path, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in arguments)
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, process.ExitCode == 0 ? output : output + error);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (NotInstalled, "");
        }
    }
}
