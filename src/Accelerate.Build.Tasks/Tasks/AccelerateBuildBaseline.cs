using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Accelerate.Manifest.Diagnostics;
using Microsoft.Build.Framework;

namespace Accelerate.Build.Tasks.Tasks;

/// <summary>
/// Builds the baseline of a same-run A/B benchmark comparison: resolves <see cref="CompareWith"/> to a commit (a git
/// ref, or <c>merge-base</c>: the merge base of HEAD with the default branch), checks that commit out in a detached
/// worktree outside the repository (reused while the commit is the same, so later builds are incremental), and builds
/// the same project there in the same configuration with the same ONNX Runtime choice.
/// </summary>
public sealed class AccelerateBuildBaseline : AccelerateTask
{
    private static readonly string[] MeasuredPackages = ["Accelerate.", "Microsoft.ML.OnnxRuntime", "BenchmarkDotNet", "SkiaSharp"];

    /// <summary>The benchmark project (its full path).</summary>
    [Required]
    public string ProjectFile { get; set; } = "";

    /// <summary>$(AccelerateCompareWith): a git ref (branch, tag, commit) or <c>merge-base</c>.</summary>
    [Required]
    public string CompareWith { get; set; } = "";

    /// <summary>The configuration to build (Release).</summary>
    [Required]
    public string Configuration { get; set; } = "";

    /// <summary>Where worktrees go, one folder per repository and commit.</summary>
    [Required]
    public string WorktreeRoot { get; set; } = "";

    /// <summary>The dotnet host ($(DOTNET_HOST_PATH)); <c>dotnet</c> when empty.</summary>
    public string DotnetHost { get; set; } = "";

    /// <summary>Properties passed to the baseline build as <c>Name=Value</c> (the current build's ONNX Runtime choice).</summary>
    public string[] Properties { get; set; } = [];

    /// <summary>The current build's project.assets.json, to compare package versions with the baseline's.</summary>
    public string AssetsFile { get; set; } = "";

    /// <summary>The baseline build's benchmark assembly.</summary>
    [Output]
    public string BaselineAssembly { get; set; } = "";

    /// <summary>What the baseline is, for reports: <c>merge-base of HEAD and main (1a2b3c4d)</c>.</summary>
    [Output]
    public string Label { get; set; } = "";

    /// <inheritdoc />
    public override bool Execute()
    {
        var projectDirectory = Path.GetDirectoryName(Path.GetFullPath(ProjectFile))!;
        if (Git(projectDirectory, "rev-parse", "--show-toplevel") is not { ExitCode: 0 } top)
        {
            return Unavailable("the project is not in a git repository (or git is not installed), so there is no commit to compare with");
        }

        var repository = Path.GetFullPath(top.Output.Trim());
        if (!Resolve(repository, out var commit, out var label))
        {
            return false;
        }

        var worktree = Path.Combine(WorktreeRoot, RepositoryKey(repository), commit[..12]);
        if (!EnsureWorktree(repository, worktree, commit))
        {
            return false;
        }

        var relative = Path.GetRelativePath(repository, Path.GetFullPath(ProjectFile));
        var baselineProject = Path.Combine(worktree, relative);
        if (!File.Exists(baselineProject))
        {
            return Unavailable($"{relative} does not exist at {label}");
        }

        Log.LogMessage(MessageImportance.High, $"Accelerate benchmarks: building the baseline {label} in {worktree}");
        var arguments = new List<string> { "build", baselineProject, "-c", Configuration, "-nologo", "-v:q", "-nodeReuse:false" };
        arguments.AddRange(Properties.Where(p => p.Contains('=', StringComparison.Ordinal) && !p.EndsWith('=')).Select(p => "-p:" + p));
        var build = Run(Dotnet(), worktree, arguments);
        if (build.ExitCode != 0)
        {
            LogDiagnostic(DiagnosticCatalog.BaselineBuildFailed, ProjectFile, 0, 0, 0, 0,
                DiagnosticCatalog.BaselineBuildFailed.Format(label, worktree, build.ExitCode, Tail(build.Output)));
            return false;
        }

        var targetPath = Run(Dotnet(), worktree, ["msbuild", baselineProject, "-nologo", "-getProperty:TargetPath", $"-p:Configuration={Configuration}"]);
        var assembly = targetPath.Output.Trim().Split('\n').Select(l => l.Trim()).LastOrDefault(l => l.Length > 0) ?? "";
        if (targetPath.ExitCode != 0 || !File.Exists(assembly))
        {
            LogDiagnostic(DiagnosticCatalog.BaselineBuildFailed, ProjectFile, 0, 0, 0, 0,
                DiagnosticCatalog.BaselineBuildFailed.Format(label, worktree, targetPath.ExitCode, $"its TargetPath '{assembly}' is not a built file"));
            return false;
        }

        WarnOnOtherPackages(label, Path.Combine(Path.GetDirectoryName(baselineProject)!, "obj", "project.assets.json"));
        BaselineAssembly = assembly;
        Label = label;
        return true;
    }

    private bool Resolve(string repository, out string commit, out string label)
    {
        commit = "";
        label = "";
        if (string.Equals(CompareWith, "merge-base", StringComparison.OrdinalIgnoreCase))
        {
            var branch = DefaultBranch(repository);
            if (branch is null)
            {
                return Unavailable("the repository has no default branch to take the merge base with (no origin/HEAD, main or master); name a ref instead");
            }

            if (Git(repository, "merge-base", "HEAD", branch) is not { ExitCode: 0 } mergeBase)
            {
                return Unavailable($"HEAD and {branch} have no merge base");
            }

            commit = mergeBase.Output.Trim();
            label = $"merge base of HEAD and {branch} ({commit[..Math.Min(8, commit.Length)]})";
            return true;
        }

        if (Git(repository, "rev-parse", "--verify", "--quiet", CompareWith + "^{commit}") is not { ExitCode: 0 } resolved)
        {
            return Unavailable($"'{CompareWith}' is not a commit, branch or tag of {repository}");
        }

        commit = resolved.Output.Trim();
        label = $"{CompareWith} ({commit[..Math.Min(8, commit.Length)]})";
        return true;
    }

    private static string? DefaultBranch(string repository)
    {
        if (Git(repository, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD") is { ExitCode: 0 } origin && origin.Output.Trim().Length > 0)
        {
            return origin.Output.Trim();
        }

        return new[] { "main", "master" }.FirstOrDefault(b => Git(repository, "rev-parse", "--verify", "--quiet", b + "^{commit}") is { ExitCode: 0 });
    }

    // A worktree at exactly this commit: reused when it is there, else made afresh (a stale one is removed first).
    private bool EnsureWorktree(string repository, string worktree, string commit)
    {
        if (Directory.Exists(worktree))
        {
            if (Git(worktree, "rev-parse", "HEAD") is { ExitCode: 0 } head && head.Output.Trim() == commit
                && Git(worktree, "status", "--porcelain", "--untracked-files=no") is { ExitCode: 0 } status && status.Output.Trim().Length == 0)
            {
                return true;
            }

            Git(repository, "worktree", "remove", "--force", worktree);
            if (Directory.Exists(worktree))
            {
                Directory.Delete(worktree, recursive: true);
            }
        }

        Git(repository, "worktree", "prune");
        Directory.CreateDirectory(Path.GetDirectoryName(worktree)!);
        var add = Git(repository, "worktree", "add", "--detach", worktree, commit);
        return add.ExitCode == 0 || Unavailable($"git worktree add failed: {Tail(add.Output)}");
    }

    private void WarnOnOtherPackages(string label, string baselineAssets)
    {
        if (!File.Exists(AssetsFile) || !File.Exists(baselineAssets))
        {
            return;
        }

        var current = Packages(AssetsFile);
        var baseline = Packages(baselineAssets);
        var differences = current.Keys.Union(baseline.Keys, StringComparer.OrdinalIgnoreCase)
            .Where(name => MeasuredPackages.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            .Where(name => !string.Equals(current.GetValueOrDefault(name), baseline.GetValueOrDefault(name), StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.OrdinalIgnoreCase)
            .Select(name => $"{name} {baseline.GetValueOrDefault(name) ?? "(none)"} → {current.GetValueOrDefault(name) ?? "(none)"}")
            .ToList();
        if (differences.Count > 0)
        {
            LogDiagnostic(DiagnosticCatalog.BaselinePackagesDiffer, ProjectFile, 0, 0, 0, 0,
                DiagnosticCatalog.BaselinePackagesDiffer.Format(label, string.Join(", ", differences)));
        }
    }

    // Package name → version from a project.assets.json's "libraries" ("Name/Version" keys of type package).
    private static Dictionary<string, string> Packages(string assetsFile)
    {
        var packages = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(assetsFile));
            if (document.RootElement.TryGetProperty("libraries", out var libraries) && libraries.ValueKind == JsonValueKind.Object)
            {
                foreach (var library in libraries.EnumerateObject())
                {
                    var slash = library.Name.IndexOf('/', StringComparison.Ordinal);
                    if (slash > 0 && library.Value.TryGetProperty("type", out var type) && type.GetString() == "package")
                    {
                        packages[library.Name[..slash]] = library.Name[(slash + 1)..];
                    }
                }
            }
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            // An unreadable assets file only means no comparison of versions.
        }

        return packages;
    }

    private bool Unavailable(string why)
    {
        LogDiagnostic(DiagnosticCatalog.BaselineUnavailable, ProjectFile, 0, 0, 0, 0, DiagnosticCatalog.BaselineUnavailable.Format(CompareWith, why));
        return false;
    }

    private string Dotnet() => DotnetHost is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string RepositoryKey(string repository) =>
        Path.GetFileName(repository) + "-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(repository)))[..8].ToLowerInvariant();

    private static string Tail(string output) => output.Trim() is var t && t.Length > 1500 ? "…" + t[^1500..] : output.Trim();

    private static (int ExitCode, string Output) Git(string directory, params string[] arguments) => Run("git", directory, arguments);

    private static (int ExitCode, string Output) Run(string file, string directory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The running build's MSBuild settings would point the child build at this build's SDK and MSBuild.
        foreach (var inherited in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly", "MSBUILDNOINPROCNODE" })
        {
            start.Environment.Remove(inherited);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            process.WaitForExit();
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file} could not be started: {e.Message}");
        }
    }
}
