using Accelerate.Imaging;

namespace Ocr.Tests;

/// <summary>
/// What users rely on: text ImageMagick draws at test time (several fonts and sizes, four lines per page, pages turned
/// by up to ±3°) is read back exactly, line for line, by the generated class with the manifest's settings.
/// </summary>
public sealed class ReadBackTests : IDisposable
{
    private readonly string _folder = Paths.NewTempFolder("readback");

    public void Dispose() => Paths.Delete(_folder);

    [Fact]
    public void At_least_95_percent_of_rendered_lines_are_read_back_exactly()
    {
        using var model = new Ocr();
        var pages = RenderedText.Pages(_folder);
        int total = 0, exact = 0;
        var misses = new List<string>();
        foreach (var page in pages)
        {
            var texts = model.Read(page.Path).Select(l => l.Text).ToList();
            for (var i = 0; i < page.Lines.Count; i++)
            {
                total++;
                if (i < texts.Count && texts[i] == page.Lines[i]) exact++;
                else misses.Add($"{Path.GetFileName(page.Path)} line {i}: expected \"{page.Lines[i]}\", read [{string.Join(" | ", texts)}]");
            }
        }
        var share = exact / (double)total;
        var report = $"OCR read {exact}/{total} rendered lines exactly ({share:P1}) on {pages.Count} pages{(misses.Count > 0 ? ":\n" + string.Join("\n", misses) : "")}";
        Console.WriteLine(report);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(share >= 0.95, report);
    }

    [Fact]
    public void An_upside_down_page_is_turned_by_the_direction_classifier_and_read()
    {
        using var model = new Ocr();
        var page = RenderedText.Draw(_folder, ["Keep out of reach", "Platform 7", "Gate closes at 10:45"], "DejaVu-Sans", 32, 0, 99);
        var turned = Path.Combine(_folder, "turned.png");
        RenderedText.Run([page.Path, "-rotate", "180", turned]);

        var upright = model.Read(page.Path).Select(l => l.Text).ToArray();
        var upsideDown = model.Read(turned).Select(l => l.Text).ToArray();

        Assert.Equal(page.Lines, upright);
        // Turned over, the last line is at the top: the same lines in reverse order.
        Assert.Equal(page.Lines.Reverse(), upsideDown);
    }

    [Fact]
    public void Lines_carry_their_box_in_the_images_pixels_and_a_score()
    {
        using var model = new Ocr();
        var page = RenderedText.Draw(_folder, ["Invoice 2026-0412"], "DejaVu-Sans", 40, 0, 98);

        var line = Assert.Single(model.Read(page.Path));

        Assert.Equal("Invoice 2026-0412", line.Text);
        Assert.InRange(line.Score, 0.9f, 1f);
        Assert.Equal(4, line.Box.Count);
        // ImageMagick drew the text from x = 40 with its baseline at y = 40 + 80 - 26 = 94 on a 640 × 160 page.
        Assert.InRange(line.Box[0].X, 25, 45);
        Assert.InRange(line.Box[2].Y, 94, 112);
        Assert.True(line.Box[1].X > line.Box[0].X + 300 && line.Box[3].Y > line.Box[0].Y + 25, string.Join(", ", line.Box));
    }
}
