using System.Globalization;
using Accelerate.Performance.Benchmarks;

namespace Accelerate.Performance.Interleaved;

/// <summary>
/// Bytes allocated per call by each method of <see cref="GeneratedVsHandWrittenBenchmarks"/>, without the timing runs:
/// allocations do not depend on load, so a few calls per method settle them. Measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> (the calling thread only; ONNX Runtime's worker threads allocate
/// no managed memory), so unlike BenchmarkDotNet's whole-process count no other thread's allocation can creep in.
/// </summary>
internal static class AllocationProbe
{
    private const int Warmup = 30;
    private const int Calls = 100;

    public static int Run()
    {
        Console.WriteLine($"Allocated bytes per call, calling thread, mean of {Calls} calls after {Warmup} warm-up calls.");
        Console.WriteLine();
        Console.WriteLine("| Method | Threads | Case | Allocated per call | Generated − hand-written |");
        Console.WriteLine("|---|---:|---|---:|---:|");
        foreach (var threads in new[] { 1, 2 })
        {
            foreach (var shape in GeneratedVsHandWrittenBenchmarks.Shapes)
            {
                var b = new GeneratedVsHandWrittenBenchmarks { Threads = threads, Case = shape };
                b.Setup();
                try
                {
                    var embedHandWritten = Measure(() => b.Embed_HandWritten());
                    var embedGenerated = Measure(() => b.Embed_Generated());
                    var runHandWritten = Measure(b.Run_HandWritten);
                    var runGenerated = Measure(() => b.Run_Generated());
                    var runNewOutputs = Measure(() => b.RunNewOutputs_Generated());
                    Row("Embed_HandWritten", threads, shape, embedHandWritten, null);
                    Row("Embed_Generated", threads, shape, embedGenerated, embedGenerated - embedHandWritten);
                    Row("Run_HandWritten", threads, shape, runHandWritten, null);
                    Row("Run_Generated (caller-owned outputs)", threads, shape, runGenerated, runGenerated - runHandWritten);
                    Row("RunNewOutputs_Generated (allocate-and-return)", threads, shape, runNewOutputs, runNewOutputs - runHandWritten);
                }
                finally
                {
                    b.Cleanup();
                }
            }
        }

        return 0;
    }

    private static double Measure(Action call)
    {
        for (var i = 0; i < Warmup; i++)
        {
            call();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Calls; i++)
        {
            call();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Calls;
    }

    private static void Row(string method, int threads, GeneratedVsHandWrittenBenchmarks.Shape shape, double bytes, double? difference) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {method} | {threads} | {shape} | {bytes:F0} B | {(difference is { } d ? (d >= 0 ? "+" : "−") + Math.Abs(d).ToString("F0", CultureInfo.InvariantCulture) + " B" : "—")} |"));
}
