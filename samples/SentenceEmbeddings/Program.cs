// Reads texts from standard input, one per line, and embeds them with all-MiniLM-L6-v2.
//   --json   prints one JSON array holding each text's embedding, in input order
//   (none)   prints a pairwise cosine-similarity table
using System.Globalization;
using System.Text.Json;
using SentenceEmbeddings;

var json = args.Contains("--json");
var unknown = args.Where(a => a != "--json").ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"Unknown argument(s): {string.Join(" ", unknown)}. Usage: SentenceEmbeddings [--json] < texts.txt");
    return 2;
}

var texts = new List<string>();
while (Console.In.ReadLine() is { } line)
{
    texts.Add(line);
}

using var model = new MiniLm();
var embeddings = model.Embed(texts);

if (json)
{
    Console.WriteLine(JsonSerializer.Serialize(embeddings));
    return 0;
}

Console.WriteLine($"{texts.Count} text(s), {model.Dimensions} dimensions, backend {model.Backend}");
for (var i = 0; i < texts.Count; i++)
{
    Console.WriteLine($"[{i}] {texts[i]}");
}
if (texts.Count > 1)
{
    Console.WriteLine();
    Console.WriteLine("cosine " + string.Concat(Enumerable.Range(0, texts.Count).Select(j => $"{"[" + j + "]",8}")));
    for (var i = 0; i < texts.Count; i++)
    {
        var row = Enumerable.Range(0, texts.Count).Select(j => Cosine(embeddings[i], embeddings[j]).ToString("F4", CultureInfo.InvariantCulture).PadLeft(8));
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
