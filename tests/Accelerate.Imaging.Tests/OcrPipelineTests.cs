using Accelerate.Imaging.Tests.Support;
using Models = Accelerate.TestModels.TestModels;

namespace Accelerate.Imaging.Tests;

/// <summary>
/// The OCR pipeline on PaddleOCR's real models without a manifest, at PaddleOCR's own defaults. The accuracy and
/// reference checks on rendered text run through the generated class in samples/Ocr.Tests.
/// </summary>
public sealed class OcrPipelineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Reads_a_drawn_line_with_paddleocrs_defaults_and_its_box()
    {
        // 40 pt DejaVu Sans, black on white, 480 × 128: ink from x = 30, baseline at y = 80.
        var path = Path.Combine(_folder.Path, "line.png");
        Assert.True(File.Exists("/usr/bin/convert-im6.q16"), "ImageMagick (Debian imagemagick) is missing; build/repo/setup.sh installs it.");
        using (var process = System.Diagnostics.Process.Start("/usr/bin/convert-im6.q16", ["-size", "480x128", "xc:white", "-font", "DejaVu-Sans", "-pointsize", "40", "-fill", "black", "-annotate", "+30+80", "Hello world", path]))
        {
            process.WaitForExit();
            Assert.Equal(0, process.ExitCode);
        }
        using var ocr = OcrPipeline.Open(Models.OcrDetectorPath, Models.OcrRecognizerPath, Models.OcrClassifierPath, Models.OcrDictionaryPath, ["cpu"], null);

        var line = Assert.Single(ocr.Read(path));
        var boxes = ocr.Detect(File.ReadAllBytes(path));

        Assert.Equal("Hello world", line.Text);
        Assert.InRange(line.Score, 0.9f, 1f);
        Assert.Equal(line.Box, Assert.Single(boxes).Box);
        Assert.InRange(Assert.Single(boxes).Score, 0.6f, 1f);
        Assert.InRange(line.Box[0].X, 20, 32);
        Assert.InRange(line.Box[0].Y, 40, 55);
        Assert.InRange(line.Box[2].X, 240, 270);
        Assert.InRange(line.Box[2].Y, 80, 95);
    }
}
