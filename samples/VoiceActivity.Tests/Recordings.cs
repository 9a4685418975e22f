using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace VoiceActivity.Tests;

/// <summary>
/// Recordings made at test time in a temporary folder: speech by espeak-ng (its leading and trailing silence trimmed by
/// sox, so its length is where the speech is), padded by sox with digital silence of known lengths; silence and noise by
/// sox. The tools fail the test, never skip it, when missing.
/// </summary>
public sealed class Recordings : IDisposable
{
    public Recordings() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "voiceactivity-tests-" + Guid.NewGuid().ToString("N"));

    public string PathOf(string name) => Path.Combine(Folder, name);

    /// <summary>
    /// <paramref name="text"/> spoken, with <paramref name="before"/> and <paramref name="after"/> seconds of silence,
    /// at <paramref name="rate"/> Hz with <paramref name="channels"/> channels; returns the file and where the speech is.
    /// </summary>
    public (string Path, double Start, double End) Spoken(string text, double before, double after, int rate = 16000, int channels = 1)
    {
        var stem = $"{Math.Abs(text.GetHashCode(StringComparison.Ordinal))}";
        var raw = PathOf(stem + ".raw.wav");
        var trimmed = PathOf(stem + ".trimmed.wav");
        if (!File.Exists(trimmed))
        {
            Run("espeak-ng", "-w", raw, text);
            // Everything quieter than 1% before the first and after the last sound goes.
            Run("sox", raw, trimmed, "silence", "1", "0.01", "1%", "reverse", "silence", "1", "0.01", "1%", "reverse");
        }
        var seconds = double.Parse(Run("soxi", "-D", trimmed).Trim(), CultureInfo.InvariantCulture);
        var path = PathOf($"{stem}-{F(before)}-{F(after)}-{rate}-{channels}.wav");
        Run("sox", trimmed, "-r", F(rate), "-c", F(channels), "-b", "16", path, "pad", F(before), F(after));
        return (path, before, before + seconds);
    }

    /// <summary>sox-made 16 kHz mono audio of <paramref name="seconds"/>: silence, or what <paramref name="synth"/> makes.</summary>
    public string Generated(string name, double seconds, params string[] synth)
    {
        var path = PathOf(name);
        Run("sox", ["-n", "-r", "16000", "-c", "1", "-b", "16", path, "trim", "0", F(seconds), .. synth]);
        return path;
    }

    private static string F(double v) => v.ToString(CultureInfo.InvariantCulture);

    public static string Run(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        // sox -R: repeatable output (fixed seeds for dither and noise), so every run tests the same samples.
        if (tool == "sox") start.ArgumentList.Add("-R");
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process? process = null;
        try
        {
            process = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"'{tool}' cannot be started ({e.Message}); install Debian's espeak-ng and sox (build/repo/test.sh does).");
        }
        using (process)
        {
            var output = process!.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.True(process.WaitForExit(120_000), $"{tool} did not finish in two minutes");
            Assert.True(process.ExitCode == 0, $"{tool} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}");
            return output.Result;
        }
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
