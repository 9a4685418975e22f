using Accelerate.Imaging.Tests.Support;
using Models = Accelerate.TestModels.TestModels;

namespace Accelerate.Imaging.Tests;

/// <summary>The OCR pipeline end to end on PaddleOCR's real models and text ImageMagick draws at test time.</summary>
public sealed class OcrPipelineTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly OcrPipeline _ocr = OcrPipeline.Open(Models.OcrDetectorPath, Models.OcrRecognizerPath, Models.OcrClassifierPath, Models.OcrDictionaryPath, ["cpu"], null, Sample);

    /// <summary>
    /// The settings of samples/Ocr: PaddleOCR's defaults except unclipRatio 2.0. At PaddleOCR's 1.5 the grown boxes end at
    /// the ink and the recogniser drops most spaces between words (measured on these pages: 141/192 lines exact at 1.5,
    /// 159 at 1.6, 183 at 1.8 and at 2.0).
    /// </summary>
    public static readonly OcrOptions Sample = new() { UnclipRatio = 2.0f };

    public void Dispose()
    {
        _ocr.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void RenderedLinesAreReadBackExactly()
    {
        var pages = RenderedText.Pages(_folder.Path);
        int total = 0, exact = 0;
        var misses = new List<string>();
        foreach (var page in pages)
        {
            var lines = _ocr.Read(page.Path);
            var texts = lines.Select(l => l.Text).ToList();
            for (var i = 0; i < page.Lines.Count; i++)
            {
                total++;
                if (i < texts.Count && texts[i] == page.Lines[i]) exact++;
                else misses.Add($"{Path.GetFileName(page.Path)} line {i}: expected \"{page.Lines[i]}\", read [{string.Join(" | ", texts)}]");
            }
        }
        var share = exact / (double)total;
        TestContext.Current.TestOutputHelper?.WriteLine($"OCR read {exact}/{total} rendered lines exactly ({share:P1}); misses:\n{string.Join("\n", misses)}");
        Console.WriteLine($"OCR read {exact}/{total} rendered lines exactly ({share:P1}){(misses.Count > 0 ? ":\n" + string.Join("\n", misses) : "")}");
        Assert.True(share >= 0.95, $"read {exact}/{total} lines exactly ({share:P1}), need 95%:\n{string.Join("\n", misses)}");
    }
}
