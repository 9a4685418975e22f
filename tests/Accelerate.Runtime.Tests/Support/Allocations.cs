namespace Accelerate.Runtime.Tests;

/// <summary>Bytes allocated on the calling thread per call, in steady state.</summary>
internal static class Allocations
{
    /// <summary>Warms <paramref name="action"/> up, then returns the mean bytes it allocates per call on this thread.</summary>
    /// <remarks>
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> counts exactly what this thread allocates; ONNX Runtime's
    /// worker threads (intra-op) do not count, on either side of a comparison. The mean over many calls is used so that
    /// a rare one-off allocation (a JIT tier-up, a lazily created object) cannot decide the result.
    /// </remarks>
    public static double PerCall(Action action, int warmup = 5, int calls = 40)
    {
        for (var i = 0; i < warmup; i++)
        {
            action();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / (double)calls;
    }
}
