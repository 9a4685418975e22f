using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace Accelerate.EndToEnd.Tests.Infrastructure;

/// <summary>The result of one process run.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Both streams, for assertion messages.</summary>
    public string All => StandardOutput + Environment.NewLine + StandardError;
}

/// <summary>Runs the dotnet CLI (or a built app) as a child process with a time limit.</summary>
public static class Dotnet
{
    /// <summary>The repository root.</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>Runs <c>dotnet args</c> in <paramref name="workingDirectory"/>.</summary>
    public static ProcessResult Run(string workingDirectory, string arguments, string? standardInput = null, int timeoutSeconds = 600,
        IReadOnlyDictionary<string, string>? environment = null) =>
        RunProcess("dotnet", arguments, workingDirectory, standardInput, timeoutSeconds, environment);

    /// <summary>Runs any executable.</summary>
    public static ProcessResult RunProcess(string fileName, string arguments, string workingDirectory, string? standardInput = null, int timeoutSeconds = 600,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        // Child builds must not inherit this test host's MSBuild/test settings.
        foreach (var name in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "DOTNET_HOST_PATH", "TESTINGPLATFORM_UI_LANGUAGE" })
        {
            info.Environment.Remove(name);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (error) error.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
        }
        process.StandardInput.Close();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{fileName} {arguments}' did not finish within {timeoutSeconds} s.\n{output}\n{error}");
        }
        process.WaitForExit();
        return new ProcessResult(process.ExitCode, output.ToString(), error.ToString());
    }

    /// <summary>An assembly metadata value written by the test project.</summary>
    public static string Metadata(string key) =>
        typeof(Dotnet).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}
