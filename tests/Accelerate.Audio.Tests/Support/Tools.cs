using System.Diagnostics;
using System.Reflection;

namespace Accelerate.Audio.Tests.Support;

/// <summary>The repository, the real model, and the command-line tools that make test audio (they fail, never skip, when missing).</summary>
internal static class Tools
{
    public static string RepositoryRoot { get; } = typeof(Tools).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "RepositoryRoot").Value!;

    /// <summary>Silero VAD as @livekit/agents-plugin-silero 1.9.0 ships it (fetched by build/repo/fetch-npm-models.sh).</summary>
    public static string SileroModel
    {
        get
        {
            var path = Path.Combine(RepositoryRoot, ".accelerate/npm/@livekit/agents-plugin-silero/1.9.0/dist/silero_vad.onnx");
            Assert.True(File.Exists(path), $"{path} is missing: run build/repo/fetch-npm-models.sh (build/repo/test.sh does).");
            return path;
        }
    }

    /// <summary>Runs a tool and returns its standard output; a missing tool or a non-zero exit fails the test.</summary>
    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // sox -R: repeatable output (fixed seeds for dither and noise), so every run tests the same samples.
        if (tool == "sox") start.ArgumentList.Add("-R");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"'{tool}' cannot be started ({e.Message}); build/repo/setup.sh installs espeak-ng, sox and the Node reference.");
            throw;
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), $"{tool} {string.Join(' ', arguments)} did not finish in two minutes");
            Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
            return output.Result;
        }
    }
}

/// <summary>A temporary folder of audio made with espeak-ng and sox, removed afterwards.</summary>
public sealed class AudioFiles : IDisposable
{
    public AudioFiles() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "accelerate-audio-tests-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>Speech spoken by espeak-ng (its own format: 22050 Hz mono 16-bit), leading and trailing silence trimmed by sox.</summary>
    public string Speech(string text, string name)
    {
        var path = PathOf(name);
        if (File.Exists(path)) return path;
        var raw = PathOf(name + ".raw.wav");
        Tools.Run("espeak-ng", "-w", raw, text);
        // Trims everything quieter than 1% before the first and after the last sound.
        Tools.Run("sox", raw, path, "silence", "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse");
        return path;
    }

    /// <summary>sox: <paramref name="input"/> at <paramref name="rate"/> Hz with <paramref name="channels"/> channels, 16-bit, after <paramref name="effects"/>.</summary>
    public string Sox(string input, string name, int rate, int channels, params string[] effects)
    {
        var path = PathOf(name);
        Tools.Run("sox", [input, "-r", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c", channels.ToString(System.Globalization.CultureInfo.InvariantCulture), "-b", "16", path, .. effects]);
        return path;
    }

    /// <summary>sox-made silence (all zeros) or noise: 16 kHz mono 16-bit.</summary>
    public string Generated(string name, double seconds, params string[] synth)
    {
        var path = PathOf(name);
        Tools.Run("sox", ["-n", "-r", "16000", "-c", "1", "-b", "16", path, "trim", "0", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), .. synth]);
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
