using Xunit;

namespace TextDirection.Tests;

/// <summary>A file that is not an image is a clear exception naming the file, not a crash inside ONNX Runtime.</summary>
public sealed class BadInputTests
{
    [Fact]
    public void A_corrupt_image_names_the_file_and_the_problem()
    {
        var path = Path.Combine(Path.GetTempPath(), "textdirection-corrupt-" + Guid.NewGuid().ToString("N") + ".png");
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4]);
        try
        {
            using var model = new TextDirection();
            var e = Assert.Throws<InvalidDataException>(() => model.Classify(path));
            Assert.Contains(path, e.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bytes_that_are_no_image_say_so()
    {
        using var model = new TextDirection();

        var e = Assert.Throws<InvalidDataException>(() => model.Classify("not an image"u8.ToArray()));

        Assert.Contains("the encoded image bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_FileNotFoundException_with_its_path()
    {
        using var model = new TextDirection();
        var path = Path.Combine(Path.GetTempPath(), "no-such-text-line.png");

        var e = Assert.Throws<FileNotFoundException>(() => model.Classify(path));

        Assert.Equal(path, e.FileName);
    }
}
