// Reads the text lines of each image named on the command line (PaddleOCR PP-OCRv4: detection, direction, recognition).
//   --json   prints one JSON array: per image, its path and its lines with text, score and box (four [x, y] corners)
//   (none)   prints each image's path, then one line per text line: score, box and text
using System.Globalization;
using System.Text.Json;
using Accelerate.Imaging;

var json = args.Contains("--json");
var paths = args.Where(a => a != "--json").ToList();
if (paths.Count == 0 || paths.Any(p => p.StartsWith("--", StringComparison.Ordinal)))
{
    Console.Error.WriteLine("Usage: Ocr [--json] <image> [<image> ...]");
    return 2;
}

using var model = new Ocr.Ocr();
IReadOnlyList<OcrLine>[] results;
try
{
    results = model.Read(paths);
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

if (json)
{
    var items = paths.Select((p, i) => new
    {
        image = p,
        lines = results[i].Select(l => new { text = l.Text, score = l.Score, box = l.Box.Select(c => new[] { c.X, c.Y }) }),
    });
    Console.WriteLine(JsonSerializer.Serialize(items, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    return 0;
}

for (var i = 0; i < paths.Count; i++)
{
    Console.WriteLine($"{paths[i]}: {results[i].Count} line(s)");
    foreach (var line in results[i])
    {
        var box = string.Join(" ", line.Box.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.X},{c.Y}")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {line.Score:F4}  [{box}]  {line.Text}"));
    }
}
return 0;
