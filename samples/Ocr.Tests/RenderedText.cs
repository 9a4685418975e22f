using System.Diagnostics;
using System.Globalization;

namespace Ocr.Tests;

/// <summary>One text image drawn by ImageMagick: its file and the lines drawn on it, top to bottom.</summary>
/// <param name="Path">The PNG.</param>
/// <param name="Lines">The text of each line.</param>
/// <param name="Font">The font.</param>
/// <param name="PointSize">The font size.</param>
/// <param name="Angle">The clockwise rotation of the whole page, in degrees.</param>
public sealed record TextPage(string Path, IReadOnlyList<string> Lines, string Font, int PointSize, double Angle);

/// <summary>
/// Text rendered at test time with ImageMagick (Debian's /usr/bin/convert-im6.q16): black lines on white in several
/// fonts and sizes, the page turned slightly (±3°, canvas kept). Pages are sized to multiples of 32 so the detector
/// sees them unscaled (the reference pipeline keeps such sizes too). Fails, never skips, without ImageMagick or a font.
/// </summary>
public static class RenderedText
{
    public const string Convert = "/usr/bin/convert-im6.q16";

    public static readonly string[] Fonts = ["DejaVu-Sans", "DejaVu-Serif", "DejaVu-Sans-Mono", "Liberation-Sans", "Liberation-Serif", "Liberation-Mono"];

    /// <summary>Text lines a person might photograph: words, digits, punctuation, mixed case.</summary>
    public static readonly string[] Corpus =
    [
        "Invoice 2026-0412", "Total due: 348.50 EUR", "Meeting moved to Friday", "Call me at 555-0199",
        "The quick brown fox", "jumps over the lazy dog", "Order #81723 shipped", "Room 12B, second floor",
        "Open daily 9am to 5pm", "Keep out of reach", "Batch size 32", "Version 1.4.2 released",
        "Hello world", "Delivery on 3 March", "Price per unit 12.99", "Please recycle",
        "Platform 7", "Exit only", "Temperature 21C", "Serial AB-4471-Q",
        "Welcome to Berlin", "No parking here", "Flight LH 2043", "Gate closes at 10:45",
    ];

    /// <summary>
    /// The pages of the accuracy check: every font at two sizes, 4 lines each from the corpus, rotated by one of
    /// -3, -1.5, 0, 1.5, 3 degrees in turn (48 pages, 192 lines).
    /// </summary>
    public static IReadOnlyList<TextPage> Pages(string folder, int pagesPerFont = 8)
    {
        double[] angles = [-3, -1.5, 0, 1.5, 3];
        int[] sizes = [28, 40];
        var pages = new List<TextPage>();
        var n = 0;
        foreach (var font in Fonts)
        {
            for (var p = 0; p < pagesPerFont; p++, n++)
            {
                var lines = Enumerable.Range(0, 4).Select(i => Corpus[((n * 4) + (i * 7)) % Corpus.Length]).ToArray();
                pages.Add(Draw(folder, lines, font, sizes[p % sizes.Length], angles[n % angles.Length], n));
            }
        }
        return pages;
    }

    /// <summary>Draws <paramref name="lines"/> black on white, one per row, then turns the page by <paramref name="angle"/> degrees (clockwise).</summary>
    public static TextPage Draw(string folder, IReadOnlyList<string> lines, string font, int pointSize, double angle, int number = 0)
    {
        Directory.CreateDirectory(folder);
        var lineHeight = (int)(pointSize * 2.0);
        var width = 32 * (int)Math.Ceiling(((lines.Max(l => l.Length) * pointSize * 0.72) + (3 * pointSize)) / 32.0);
        var height = 32 * (int)Math.Ceiling(((lines.Count * lineHeight) + (2 * pointSize)) / 32.0);
        var name = string.Create(CultureInfo.InvariantCulture, $"page{number:D2}-{font}-{pointSize}pt-{angle}deg.png");
        var path = System.IO.Path.Combine(folder, name);
        var arguments = new List<string> { "-size", $"{width}x{height}", "xc:white", "-font", font, "-pointsize", pointSize.ToString(CultureInfo.InvariantCulture), "-fill", "black" };
        for (var i = 0; i < lines.Count; i++)
        {
            arguments.AddRange(["-annotate", string.Create(CultureInfo.InvariantCulture, $"+{pointSize}+{pointSize + ((i + 1) * lineHeight) - (lineHeight / 3)}"), lines[i]]);
        }
        if (angle != 0) arguments.AddRange(["-virtual-pixel", "white", "-distort", "SRT", angle.ToString(CultureInfo.InvariantCulture)]);
        arguments.Add(path);
        Run(arguments);
        return new TextPage(path, lines, font, pointSize, angle);
    }

    /// <summary>Whether a font is monospaced (its glyphs for O/0, l/1, c/C are the hardest to tell apart).</summary>
    public static bool IsMonospace(string font) => font.EndsWith("Mono", StringComparison.Ordinal);

    /// <summary>Runs ImageMagick; fails with its message.</summary>
    public static void Run(IReadOnlyList<string> arguments)
    {
        Assert.True(File.Exists(Convert), $"{Convert} is missing; install Debian's imagemagick (build/repo/setup.sh does).");
        var start = new ProcessStartInfo(Convert) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0 && string.IsNullOrEmpty(error), $"{Convert} failed ({process.ExitCode}): {error}");
    }
}
