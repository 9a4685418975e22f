using System.Diagnostics;
using System.Text.Json;
using Accelerate.Imaging;

namespace Ocr.Tests;

/// <summary>
/// The independent reference: @gutenye/ocr-node (its own JS pipeline on onnxruntime-node) on the same models, run by
/// build/repo/ocr-reference/reference.mjs from .accelerate/ocr-reference (build/repo/install-ocr-reference.sh, which
/// setup.sh calls). Fails, never skips, when node or the install is missing.
/// </summary>
public static class OcrReference
{
    public static string Folder => Path.Combine(Paths.RepositoryRoot, ".accelerate", "ocr-reference");

    /// <summary>Reads every image with the reference; per image, its lines (text, score, box) in the reference's order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<OcrLine>> Read(IReadOnlyList<string> images)
    {
        var driver = Path.Combine(Folder, "reference.mjs");
        Assert.True(File.Exists(Path.Combine(Folder, ".complete")) && File.Exists(driver),
            $"The OCR reference is not installed in {Folder}: run build/repo/install-ocr-reference.sh (build/repo/setup.sh does).");
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Folder };
        start.ArgumentList.Add(driver);
        start.ArgumentList.Add("--models");
        start.ArgumentList.Add(Paths.Models);
        foreach (var image in images) start.ArgumentList.Add(image);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"node cannot be started ({e.Message}); the OCR reference needs Node.js 20 (Debian: nodejs, npm).");
            throw;
        }
        using (process)
        {
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"The OCR reference failed ({process.ExitCode}): {errors.Result}");
            var results = new Dictionary<string, IReadOnlyList<OcrLine>>();
            foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var json = JsonDocument.Parse(line);
                var lines = json.RootElement.GetProperty("lines").EnumerateArray().Select(l => new OcrLine(
                    l.GetProperty("text").GetString()!,
                    (float)l.GetProperty("score").GetDouble(),
                    l.GetProperty("box").EnumerateArray().Select(p => new OcrPoint((float)p[0].GetDouble(), (float)p[1].GetDouble())).ToArray())).ToArray();
                results[json.RootElement.GetProperty("image").GetString()!] = lines;
            }
            Assert.Equal(images.Count, results.Count);
            return results;
        }
    }
}
