using Models = Accelerate.TestModels.TestModels;

namespace Accelerate.Imaging.Tests;

/// <summary>Inputs the OCR pipeline must refuse with a clear exception, never a crash or a wrong answer.</summary>
public sealed class OcrBadInputTests : IDisposable
{
    private readonly Support.TempFolder _folder = new();
    private readonly OcrPipeline _ocr = OcrPipeline.Open(Models.OcrDetectorPath, Models.OcrRecognizerPath, null, Models.OcrDictionaryPath, ["cpu"], null);

    public void Dispose()
    {
        _ocr.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void CorruptImageIsAnInvalidDataExceptionNamingTheFile()
    {
        var path = _folder.Write("corrupt.png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4]);
        var e = Assert.Throws<InvalidDataException>(() => _ocr.Read(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => _ocr.Read(ReadOnlySpan<byte>.Empty));
        Assert.Throws<FileNotFoundException>(() => _ocr.Read(Path.Combine(_folder.Path, "missing.png")));
    }

    [Fact]
    public void BlankImageHasNoLines()
    {
        var png = Support.TestImages.Encode(Support.TestImages.Rgba(320, 96, (_, _) => (255, 255, 255, 255)), 320, 96, SkiaSharp.SKEncodedImageFormat.Png);
        Assert.Empty(_ocr.Read(png));
    }

    [Fact]
    public void DictionaryThatDoesNotFitTheRecognizerNamesBothFilesAndTheExpectedForm()
    {
        var dictionary = _folder.Write("short.txt", "a\nb\nc"u8.ToArray());
        var e = Assert.Throws<InvalidDataException>(() => OcrPipeline.Open(Models.OcrDetectorPath, Models.OcrRecognizerPath, null, dictionary, ["cpu"], null));
        Assert.Contains("6625 classes", e.Message, StringComparison.Ordinal);
        Assert.Contains(dictionary, e.Message, StringComparison.Ordinal);
        Assert.Contains("ch_PP-OCRv4_rec_infer.onnx", e.Message, StringComparison.Ordinal);
        Assert.Contains("expected 5 classes", e.Message, StringComparison.Ordinal);
    }
}
