// Runs the generated benchmark suite: dotnet build -c Release -t:AccelerateBenchmark (see docs/guides/benchmarking.md).
// "interleaved" instead measures the wrapper's share directly, alternating rounds on one session (BenchmarkDotNet runs
// Raw and EndToEnd minutes apart, which on a shared machine moves them more than the wrapper costs):
//   dotnet run -c Release --project samples/VoiceActivity.Benchmarks -- interleaved
//   raw     = the model alone, as hand-written code would run it: the same 10 s already cut into [1, 576] windows
//             (context included) in memory, session.Run per frame with the state ping-ponging between two buffers
//   detect  = SileroVad.Detect(path) on the same 10 s WAV: reading, frame loop with context and state, segmentation
//   read    = WavAudio.ReadFile alone (the pre-processing share)
using System.Diagnostics;
using System.Globalization;
using Accelerate.Runtime;
using VoiceActivity;

if (args is not ["interleaved", ..]) return Accelerate.Benchmarks.BenchmarkHost.Run(args, typeof(Program).Assembly);

var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 21;
var folder = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "VoiceActivity", "audio");
var wav = Accelerate.Audio.WavAudio.WriteRepeated(Directory.GetFiles(folder, "*.wav").Order(StringComparer.Ordinal).ToArray(), "SileroVad-interleaved", 10);
using var model = new SileroVad(SileroVad.DefaultOptions with { IntraOpThreads = 1, InterOpThreads = 1, Backends = ["cpu"] });
var frames = 10 * SileroVad.SampleRate / SileroVad.FrameSamples;
// The windows the pipeline builds: 64 samples of context (zeros first), then 512 new ones.
var samples = Accelerate.Audio.WavAudio.ReadFile(wav, SileroVad.SampleRate).Samples;
var windows = new TensorBuffer<float>[frames];
for (var f = 0; f < frames; f++)
{
    var window = new float[576];
    if (f > 0) samples.AsSpan(f * 512 - 64, 64).CopyTo(window);
    samples.AsSpan(f * 512, 512).CopyTo(window.AsSpan(64));
    windows[f] = new TensorBuffer<float>(window, [1, 576]);
}
var states = new[] { TensorBuffer<float>.Zeros([2, 1, 128]), TensorBuffer<float>.Zeros([2, 1, 128]) };
var rate = new TensorBuffer<long>([SileroVad.SampleRate], []);
var probability = TensorBuffer<float>.Zeros([1, 1]);
string[] inputs = ["input", "state", "sr"], outputs = ["output", "stateN"];
var probabilities = new float[frames];

double Raw()
{
    var watch = Stopwatch.StartNew();
    Array.Clear(states[0].Data);
    for (var f = 0; f < frames; f++)
    {
        model.Session.Run(inputs, [windows[f], states[f & 1], rate], outputs, [probability, states[(f + 1) & 1]]);
        probabilities[f] = probability.Data[0];
    }
    return watch.Elapsed.TotalMilliseconds;
}

double Read()
{
    var watch = Stopwatch.StartNew();
    Accelerate.Audio.WavAudio.ReadFile(wav, SileroVad.SampleRate);
    return watch.Elapsed.TotalMilliseconds;
}

double Detect()
{
    var watch = Stopwatch.StartNew();
    model.Detect(wav);
    return watch.Elapsed.TotalMilliseconds;
}

Raw();
var delta = model.FrameProbabilities(wav).Zip(probabilities, (a, b) => Math.Abs(a - b)).Max();
if (delta > 1e-6) throw new InvalidOperationException($"The hand-written loop and Detect see different frames (max delta {delta}).");
for (var i = 0; i < 3; i++) { Raw(); Detect(); Read(); }
var raw = new List<double>();
var detect = new List<double>();
var read = new List<double>();
for (var i = 0; i < rounds; i++)
{
    raw.Add(Raw());
    detect.Add(Detect());
    read.Add(Read());
}
static double Median(List<double> x) => x.Order().ElementAt(x.Count / 2);
var ratios = raw.Select((r, i) => detect[i] / r).ToList();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"SileroVad, 10 s of audio ({frames} frames), cpu, 1 thread, {rounds} alternating rounds: raw {Median(raw):F2} ms ({Median(raw) / frames * 1000:F1} µs/frame), Detect {Median(detect):F2} ms ({Median(detect) / 10:F2} ms per second of audio), Detect/raw median ratio {Median(ratios):F3}; reading the WAV alone {Median(read):F2} ms; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
return 0;
