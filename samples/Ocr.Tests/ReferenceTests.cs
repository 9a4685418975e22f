namespace Ocr.Tests;

/// <summary>
/// The generated class against an independent implementation of the same models: @gutenye/ocr-node under Node.js on the
/// same rendered pages: the same lines in the same order, the same text on every line of the proportional fonts, boxes
/// within <see cref="MaxBoxDelta"/> pixels. Monospace pages are measured and printed, not asserted: there the two
/// pipelines' different preprocessing tips ambiguous glyphs (O/0, l/1, c/C) differently — each reads some such lines
/// right that the other reads wrong.
/// </summary>
public sealed class ReferenceTests : IDisposable
{
    /// <summary>
    /// How far a box corner may be from the reference's. The reference binarises at 0.03 (not 0.3), does not normalise
    /// with ImageNet's mean and deviation, and grows boxes by 1.5 where the sample grows them by 2.0: together up to about
    /// a quarter of the line height (≈ 9 px at 40 pt; 6 px with unclipRatio 1.5 on both sides).
    /// </summary>
    private const double MaxBoxDelta = 10;

    private readonly string _folder = Paths.NewTempFolder("reference");

    public void Dispose() => Paths.Delete(_folder);

    [Fact]
    public void Same_text_and_boxes_as_gutenye_ocr_node_on_the_same_pages()
    {
        using var ocr = new Ocr();
        var pages = RenderedText.Pages(_folder);
        var reference = OcrReference.Read(pages.Select(p => p.Path).ToArray());
        int lines = 0, sameText = 0, refExact = 0, monoLines = 0, monoSame = 0;
        double maxDelta = 0, sumDelta = 0;
        var problems = new List<string>();
        var monoDifferences = new List<string>();
        foreach (var page in pages)
        {
            var ours = ocr.Read(page.Path);
            var theirs = reference[page.Path];
            for (var i = 0; i < page.Lines.Count; i++) if (i < theirs.Count && theirs[i].Text == page.Lines[i]) refExact++;
            if (ours.Count != theirs.Count) problems.Add($"{Path.GetFileName(page.Path)}: {ours.Count} lines, reference {theirs.Count}: [{string.Join(" | ", ours.Select(l => l.Text))}] vs [{string.Join(" | ", theirs.Select(l => l.Text))}]");
            for (var i = 0; i < Math.Min(ours.Count, theirs.Count); i++)
            {
                lines++;
                var mono = RenderedText.IsMonospace(page.Font);
                monoLines += mono ? 1 : 0;
                if (ours[i].Text == theirs[i].Text)
                {
                    sameText++;
                    monoSame += mono ? 1 : 0;
                }
                else
                {
                    (mono ? monoDifferences : problems).Add($"{Path.GetFileName(page.Path)} line {i}: \"{ours[i].Text}\" vs reference \"{theirs[i].Text}\" (drawn \"{page.Lines.ElementAtOrDefault(i)}\")");
                }
                var delta = Enumerable.Range(0, 4).Max(k => Math.Max(Math.Abs(ours[i].Box[k].X - theirs[i].Box[k].X), Math.Abs(ours[i].Box[k].Y - theirs[i].Box[k].Y)));
                maxDelta = Math.Max(maxDelta, delta);
                sumDelta += delta;
                if (delta > MaxBoxDelta) problems.Add($"{Path.GetFileName(page.Path)} line {i}: box [{string.Join(", ", ours[i].Box)}] vs reference [{string.Join(", ", theirs[i].Box)}] ({delta} px)");
            }
        }
        Console.WriteLine($"OCR vs reference (@gutenye/ocr-node): same text on {sameText}/{lines} lines ({lines - monoLines - (sameText - monoSame)} differ on proportional fonts, {monoLines - monoSame}/{monoLines} on monospace), " +
            $"box corners within {maxDelta} px (mean of per-line max {sumDelta / Math.Max(lines, 1):F1} px); the reference read {refExact}/{pages.Sum(p => p.Lines.Count)} drawn lines exactly" +
            (monoDifferences.Count > 0 ? ":\n" + string.Join("\n", monoDifferences) : ""));
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
