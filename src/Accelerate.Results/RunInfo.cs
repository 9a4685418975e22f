using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Accelerate.Results;

/// <summary>
/// One run of benchmarks or tests and the facts that make its numbers comparable: source (git), machine, software
/// versions, profile and time (a row of <c>runs</c>). <see cref="Capture"/> fills everything but <see cref="FinishedAt"/>.
/// Times are stored with microsecond precision.
/// </summary>
public sealed record RunInfo
{
    /// <summary>The run's id; <see cref="Guid.Empty"/> lets <see cref="ResultsStore.AddRun"/> assign one.</summary>
    public Guid Id { get; init; }

    /// <summary><see cref="RunKinds.Benchmark"/> or <see cref="RunKinds.Test"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>The <c>HEAD</c> commit of the working tree, or null outside a git repository (or without git).</summary>
    public string? GitCommit { get; init; }

    /// <summary>The checked-out branch; null when detached, outside a repository or without git.</summary>
    public string? GitBranch { get; init; }

    /// <summary>Whether tracked files had uncommitted changes (untracked files do not count); null when unknown.</summary>
    public bool? GitDirty { get; init; }

    /// <summary>The machine's name (<see cref="Environment.MachineName"/>). Baselines are per machine.</summary>
    public required string Machine { get; init; }

    /// <summary>The operating system, e.g. <c>Debian GNU/Linux 13 (trixie) X64</c>.</summary>
    public string Os { get; init; } = "";

    /// <summary>The CPU model, e.g. <c>AMD EPYC 7B13</c>, when known.</summary>
    public string? CpuModel { get; init; }

    /// <summary>The CPU feature flags, space-separated (Linux: the <c>flags</c> line of /proc/cpuinfo).</summary>
    public string? CpuFlags { get; init; }

    /// <summary>Logical processors available to the process.</summary>
    public int Cores { get; init; }

    /// <summary>The .NET runtime, e.g. <c>.NET 10.0.0</c>.</summary>
    public string Dotnet { get; init; } = "";

    /// <summary>The ONNX Runtime managed assembly's informational version, when it is loadable in the process.</summary>
    public string? OnnxRuntime { get; init; }

    /// <summary>The Accelerate package version.</summary>
    public string? PackageVersion { get; init; }

    /// <summary>The benchmark profile (<c>quick</c>, <c>default</c>, <c>thorough</c>), or what a test run calls itself.</summary>
    public required string Profile { get; init; }

    /// <summary>When the run started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run finished; null while unknown.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The baseline name this run carries (<see cref="ResultsStore.SetBaseline"/>); at most one run has a given name.</summary>
    public string? BaselineName { get; init; }

    /// <summary>
    /// Describes this process and machine: git commit/branch/dirty of <paramref name="workingDirectory"/> (by running
    /// <c>git</c>; no git or no repository gives nulls, never an exception), OS, CPU model and flags, cores, .NET,
    /// ONNX Runtime (when its assembly is loadable) and the package version; <see cref="StartedAt"/> is now.
    /// </summary>
    /// <param name="profile">The profile.</param>
    /// <param name="kind"><see cref="RunKinds.Benchmark"/> or <see cref="RunKinds.Test"/>.</param>
    /// <param name="workingDirectory">Where to ask git; the current directory when null.</param>
    /// <returns>The run, with a new <see cref="Id"/>.</returns>
    public static RunInfo Capture(string profile, string kind, string? workingDirectory = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profile);
        if (!RunKinds.IsKnown(kind))
        {
            throw new ArgumentException($"Run kind '{kind}' is not '{RunKinds.Benchmark}' or '{RunKinds.Test}'.", nameof(kind));
        }

        var directory = workingDirectory ?? Environment.CurrentDirectory;
        var commit = MachineFacts.Git(directory, "rev-parse", "HEAD");
        string? branch = null;
        bool? dirty = null;
        if (commit is not null)
        {
            branch = MachineFacts.Git(directory, "rev-parse", "--abbrev-ref", "HEAD") is { } b && b != "HEAD" ? b : null;
            dirty = MachineFacts.Git(directory, "status", "--porcelain", "--untracked-files=no") is { } status ? status.Length > 0 : null;
        }

        var (cpuModel, cpuFlags) = MachineFacts.Cpu();
        return new RunInfo
        {
            Id = Guid.NewGuid(),
            Kind = kind,
            GitCommit = commit,
            GitBranch = branch,
            GitDirty = dirty,
            Machine = Environment.MachineName,
            Os = MachineFacts.OperatingSystem(),
            CpuModel = cpuModel,
            CpuFlags = cpuFlags,
            Cores = Environment.ProcessorCount,
            Dotnet = RuntimeInformation.FrameworkDescription,
            OnnxRuntime = MachineFacts.OnnxRuntimeVersion(),
            PackageVersion = MachineFacts.PackageVersion,
            Profile = profile,
            StartedAt = MachineFacts.TruncateToMicroseconds(DateTimeOffset.UtcNow),
        };
    }
}

/// <summary>How <see cref="RunInfo.Capture"/> finds its facts.</summary>
internal static class MachineFacts
{
    public static string PackageVersion { get; } = Informational(typeof(MachineFacts).Assembly, stripMetadata: true) ?? "unknown";

    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset value) =>
        new(value.UtcTicks - (value.UtcTicks % 10), TimeSpan.Zero);

    /// <summary>Runs <c>git</c> with the arguments in <paramref name="directory"/>; the trimmed output, or null on any failure.</summary>
    public static string? Git(string directory, params string[] arguments) => Run("git", directory, arguments);

    /// <summary>Runs <paramref name="executable"/>; the trimmed output, or null when it is missing, fails or hangs.</summary>
    internal static string? Run(string executable, string directory, params string[] arguments)
    {
        try
        {
            var start = new ProcessStartInfo(executable)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
                CreateNoWindow = true,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["GIT_TERMINAL_PROMPT"] = "0";
            start.Environment["GIT_OPTIONAL_LOCKS"] = "0"; // `git status` must not take the index lock of a tree being built.
            using var process = Process.Start(start);
            if (process is null)
            {
                return null;
            }

            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(15_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            process.WaitForExit();
            return process.ExitCode == 0 && stdout.Wait(5_000) ? stdout.Result.Trim() : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return null; // git is not installed, the directory is gone, ...
        }
    }

    public static (string? Model, string? Flags) Cpu()
    {
        string? model = null, flags = null;
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon < 0)
                    {
                        continue;
                    }

                    var key = line[..colon].Trim();
                    var value = line[(colon + 1)..].Trim();
                    if (model is null && key is "model name" or "Model" or "Hardware")
                    {
                        model = value;
                    }
                    else if (flags is null && key is "flags" or "Features")
                    {
                        flags = value;
                    }

                    if (model is not null && flags is not null)
                    {
                        break;
                    }
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        model ??= Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER");
        flags ??= IntrinsicsFlags();
        return (model, flags);
    }

    public static string OperatingSystem()
    {
        string? name = null;
        try
        {
            if (File.Exists("/etc/os-release"))
            {
                name = File.ReadLines("/etc/os-release")
                    .Where(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
                    .Select(l => l["PRETTY_NAME=".Length..].Trim('"'))
                    .FirstOrDefault();
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return $"{name ?? RuntimeInformation.OSDescription} {RuntimeInformation.OSArchitecture}";
    }

    /// <summary>The version of the ONNX Runtime managed assembly when the process has it loaded or can load it; else null.</summary>
    public static string? OnnxRuntimeVersion()
    {
        const string name = "Microsoft.ML.OnnxRuntime";
        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == name);
        if (assembly is null)
        {
            try
            {
                assembly = Assembly.Load(new AssemblyName(name));
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
                return null;
            }
        }

        return Informational(assembly, stripMetadata: false);
    }

    private static string? Informational(Assembly assembly, bool stripMetadata)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version?.ToString();
        var plus = version?.IndexOf('+', StringComparison.Ordinal) ?? -1;
        return stripMetadata && plus >= 0 ? version![..plus] : version;
    }

    private static string? IntrinsicsFlags()
    {
        var flags = new List<string>();
        if (Sse42.IsSupported)
        {
            flags.Add("sse4_2");
        }

        if (Avx.IsSupported)
        {
            flags.Add("avx");
        }

        if (Avx2.IsSupported)
        {
            flags.Add("avx2");
        }

        if (Fma.IsSupported)
        {
            flags.Add("fma");
        }

        if (System.Runtime.Intrinsics.X86.Avx512F.IsSupported)
        {
            flags.Add("avx512f");
        }

        if (System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported)
        {
            flags.Add("asimd");
        }

        return flags.Count == 0 ? null : string.Join(' ', flags);
    }
}
