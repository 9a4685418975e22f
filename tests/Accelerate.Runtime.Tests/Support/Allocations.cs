namespace Accelerate.Runtime.Tests;

/// <summary>Bytes allocated on the calling thread per call, in steady state.</summary>
internal static class Allocations
{
    /// <summary>Warms <paramref name="action"/> up, then returns the bytes it allocates per call on this thread in steady state.</summary>
    /// <remarks>
    /// <see cref="GC.GetAllocatedBytesForCurrentThread"/> counts exactly what this thread allocates; ONNX Runtime's
    /// worker threads (intra-op) do not count, on either side of a comparison. Steady state is the smallest mean of
    /// several rounds: a one-off allocation (a JIT tier-up, a pool refilled while other tests ran in parallel) lands in
    /// one round and cannot decide the result, while a per-call allocation shows in every round.
    /// </remarks>
    public static double PerCall(Action action, int warmup = 20, int rounds = 5, int callsPerRound = 20)
    {
        for (var i = 0; i < warmup; i++)
        {
            action();
        }

        var best = double.MaxValue;
        for (var round = 0; round < rounds; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < callsPerRound; i++)
            {
                action();
            }
            best = Math.Min(best, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)callsPerRound);
        }
        return best;
    }
}
