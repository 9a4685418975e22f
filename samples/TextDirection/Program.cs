// Says whether each text-line image named on the command line is upright (0) or upside down (180).
//   --json   prints one JSON array: per image, its path and its labels with scores, best first
//   (none)   prints one line per image: path, best label, and every label's score
using System.Globalization;
using System.Text.Json;
using Accelerate.Imaging;
using TextDirection;

var json = args.Contains("--json");
var paths = args.Where(a => a != "--json").ToList();
if (paths.Count == 0 || paths.Any(p => p.StartsWith("--", StringComparison.Ordinal)))
{
    Console.Error.WriteLine("Usage: TextDirection [--json] <image> [<image> ...]");
    return 2;
}

using var model = new TextDirection.TextDirection();
IReadOnlyList<LabelScore>[] results;
try
{
    results = model.Classify(paths);
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

if (json)
{
    var items = paths.Select((p, i) => new { image = p, labels = results[i].Select(l => new { label = l.Label, score = l.Score }) });
    Console.WriteLine(JsonSerializer.Serialize(items));
    return 0;
}

for (var i = 0; i < paths.Count; i++)
{
    var scores = string.Join(", ", results[i].Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Label}: {l.Score:F4}")));
    Console.WriteLine($"{paths[i]}: {results[i][0].Label} ({scores})");
}
return 0;
