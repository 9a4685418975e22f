// Finds the speech in each WAV file named on the command line (any sample rate and channel count).
//   --json   prints one JSON array: per file, its path and its segments with start and end in seconds
//   (none)   prints one line per segment: path, start and end in seconds
using System.Globalization;
using System.Text.Json;
using Accelerate.Audio;
using VoiceActivity;

var json = args.Contains("--json");
var paths = args.Where(a => a != "--json").ToList();
if (paths.Count == 0 || paths.Any(p => p.StartsWith("--", StringComparison.Ordinal)))
{
    Console.Error.WriteLine("Usage: VoiceActivity [--json] <file.wav> [<file.wav> ...]");
    return 2;
}

using var model = new SileroVad();
IReadOnlyList<SpeechSegment>[] results;
try
{
    results = model.Detect(paths);
}
catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

if (json)
{
    var items = paths.Select((p, i) => new { file = p, segments = results[i].Select(s => new { start = Math.Round(s.Start, 3), end = Math.Round(s.End, 3) }) });
    Console.WriteLine(JsonSerializer.Serialize(items));
    return 0;
}

for (var i = 0; i < paths.Count; i++)
{
    if (results[i].Count == 0) Console.WriteLine($"{paths[i]}: no speech");
    foreach (var s in results[i])
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{paths[i]}: speech {s.Start:F3} s - {s.End:F3} s"));
    }
}
return 0;
