using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Accelerate.Benchmarks;
using BenchmarkDotNet.Attributes;
using SentenceEmbeddings;

namespace Accelerate.Performance.SameRunGate;

/// <summary>
/// An application call as a user would benchmark it: the cosine similarity of two sentences with MiniLm. A build with
/// <c>SameRunGateSlowdown</c> = f spends f times the call's own time more in a busy loop after it, a slowdown of
/// exactly that fraction of real work (a sleep would free the core, which real slower code does not).
/// </summary>
public class SimilarityBenchmarks : ModelBenchmark
{
    private static readonly double Slowdown = double.Parse(
        typeof(SimilarityBenchmarks).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SameRunGateSlowdown").Value!,
        CultureInfo.InvariantCulture);

    private MiniLm _model = null!;

    public SimilarityBenchmarks()
        : base(new ModelBenchmarkInfo("Similarity", "samples/SentenceEmbeddings/models/MiniLm.model.json", "", "", "", "feature-extraction"))
    {
    }

    [Params("cpu")]
    public string Backend { get; set; } = "cpu";

    [Params(1)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup() => _model = Load(() => new MiniLm(Options(MiniLm.DefaultOptions, Backend, Threads)), m => m.Session);

    [GlobalCleanup]
    public void Cleanup() => _model.Dispose();

    [Benchmark]
    public float EndToEnd()
    {
        var started = Stopwatch.GetTimestamp();
        var a = _model.Embed("The weather is lovely today.");
        var b = _model.Embed("It's so sunny outside!");
        var similarity = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            similarity += a[i] * b[i];
        }

        if (Slowdown > 0)
        {
            var until = Stopwatch.GetTimestamp() + (long)((Stopwatch.GetTimestamp() - started) * Slowdown);
            while (Stopwatch.GetTimestamp() < until)
            {
                Thread.SpinWait(20);
            }
        }

        return similarity;
    }
}
