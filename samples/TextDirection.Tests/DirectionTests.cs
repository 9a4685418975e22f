using Xunit;

namespace TextDirection.Tests;

/// <summary>What users rely on: an upright text line is "0", the same line turned 180° is "180".</summary>
public sealed class DirectionTests(TextImages images) : IClassFixture<TextImages>
{
    public static TheoryData<string> Texts => new()
    {
        "Some text",
        "Accelerate the build",
        "Invoice 2026-12-02",
        "The quick brown fox",
        "ONNX models in C#",
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void Upright_text_is_0_and_the_same_image_rotated_is_180(string text)
    {
        using var model = new TextDirection();

        var upright = model.Classify(images.Draw(text, rotated: false));
        var rotated = model.Classify(images.Draw(text, rotated: true));

        Assert.Equal("0", upright[0].Label);
        Assert.Equal("180", rotated[0].Label);
        Assert.True(upright[0].Score > 0.9f, $"'{text}' upright: {upright[0].Score}");
        Assert.True(rotated[0].Score > 0.9f, $"'{text}' rotated: {rotated[0].Score}");
    }

    [Fact]
    public void Labels_come_with_probabilities_best_first_and_the_batch_equals_single_calls()
    {
        using var model = new TextDirection();
        var paths = Texts.Select(t => (string)t.Data).SelectMany(t => new[] { images.Draw(t, false), images.Draw(t, true) }).ToList();

        var batch = model.Classify(paths);

        Assert.Equal(paths.Count, batch.Length);
        for (var i = 0; i < paths.Count; i++)
        {
            var single = model.Classify(paths[i]);
            Assert.Equal(2, single.Count);
            Assert.True(single[0].Score >= single[1].Score);
            Assert.Equal(1f, single[0].Score + single[1].Score, 4);
            Assert.Equal(single.Select(l => l.Label), batch[i].Select(l => l.Label));
            Assert.Equal(single[0].Score, batch[i][0].Score, 4);
        }
    }

    [Fact]
    public void Bytes_and_stream_give_the_same_result_as_the_path()
    {
        using var model = new TextDirection();
        var path = images.Draw("Some text", rotated: true);

        var byPath = model.Classify(path);

        Assert.Equal(byPath, model.Classify(File.ReadAllBytes(path)));
        using var stream = File.OpenRead(path);
        Assert.Equal(byPath, model.Classify(stream));
    }
}
