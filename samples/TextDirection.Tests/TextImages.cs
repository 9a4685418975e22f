using System.Diagnostics;
using Xunit;

namespace TextDirection.Tests;

/// <summary>Text-line images drawn with ImageMagick into a temporary folder (upright, and the same turned 180°).</summary>
public sealed class TextImages : IDisposable
{
    /// <summary>ImageMagick 6 from Debian (on these machines /usr/local/bin/convert is something else).</summary>
    public const string Convert = "/usr/bin/convert-im6.q16";

    public TextImages() => Directory.CreateDirectory(Folder);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "textdirection-tests-" + Guid.NewGuid().ToString("N"));

    /// <summary>Draws <paramref name="text"/> black on white (400×60, DejaVu Sans 32) and returns the file, upright or turned 180°.</summary>
    public string Draw(string text, bool rotated)
    {
        var path = Path.Combine(Folder, $"{Math.Abs(text.GetHashCode(StringComparison.Ordinal))}-{(rotated ? 180 : 0)}.png");
        if (File.Exists(path)) return path;
        // Fails, never skips, without ImageMagick: the direction checks are the point of this project.
        Assert.True(File.Exists(Convert), $"{Convert} is missing; install Debian's imagemagick (build/repo/test.sh does).");
        var arguments = new List<string> { "-size", "400x60", "xc:white", "-font", "DejaVu-Sans", "-pointsize", "32", "-annotate", "+10+42", text };
        if (rotated) arguments.AddRange(["-rotate", "180"]);
        arguments.Add(path);
        var start = new ProcessStartInfo(Convert) { RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && File.Exists(path), $"{Convert} failed ({process.ExitCode}): {error}");
        return path;
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
