// Extracts ResNet18 features of the images named on the command line.
//   --json   prints one JSON array holding each image's feature vector, in argument order
//   (none)   prints each image's feature summary and a pairwise cosine-similarity table
using System.Globalization;
using System.Text.Json;
using ImageFeatures;

var json = args.Contains("--json");
var paths = args.Where(a => a != "--json").ToList();
if (paths.Count == 0 || paths.Any(p => p.StartsWith("--", StringComparison.Ordinal)))
{
    Console.Error.WriteLine("Usage: ImageFeatures [--json] <image> [<image> ...]");
    return 2;
}

using var model = new ResNet18();
float[][] features;
try
{
    features = model.Extract(paths);
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

if (json)
{
    Console.WriteLine(JsonSerializer.Serialize(features));
    return 0;
}

Console.WriteLine($"{paths.Count} image(s), {features[0].Length} features each, backend {model.Backend}");
for (var i = 0; i < paths.Count; i++)
{
    var f = features[i];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{i}] {paths[i]}: mean {f.Average():F4}, max {f.Max():F4}"));
}
if (paths.Count > 1)
{
    Console.WriteLine();
    Console.WriteLine("cosine " + string.Concat(Enumerable.Range(0, paths.Count).Select(j => $"{"[" + j + "]",8}")));
    for (var i = 0; i < paths.Count; i++)
    {
        var row = Enumerable.Range(0, paths.Count).Select(j => Cosine(features[i], features[j]).ToString("F4", CultureInfo.InvariantCulture).PadLeft(8));
        Console.WriteLine($"{"[" + i + "]",6} " + string.Concat(row));
    }
}
return 0;

static double Cosine(float[] a, float[] b)
{
    double dot = 0, na = 0, nb = 0;
    for (var k = 0; k < a.Length; k++)
    {
        dot += a[k] * b[k];
        na += a[k] * a[k];
        nb += b[k] * b[k];
    }
    return dot / Math.Sqrt(na * nb);
}
