using System.Diagnostics;
using System.Globalization;
using Accelerate.Results;

namespace Accelerate.Benchmarks.SameRun;

/// <summary>What a same-run A/B comparison found.</summary>
/// <param name="Comparisons">One per case of either build: paired verdicts, New (current build only) and Missing (baseline only).</param>
/// <param name="Failures">Cases that could not be compared (a worker error), and worker start failures.</param>
/// <param name="Elapsed">The comparison's wall time.</param>
internal sealed record SameRunResult(IReadOnlyList<CaseComparison> Comparisons, IReadOnlyList<CaseFailure> Failures, TimeSpan Elapsed);

/// <summary>
/// The same-run A/B gate: the baseline build's and the current build's benchmark executables run side by side as
/// workers (<see cref="SameRunWorker"/>), and each case is timed in alternating blocks, A B B A A B …, so that both
/// builds see the same machine load within seconds of each other; <see cref="RegressionGate.ComparePaired"/> decides.
/// </summary>
/// <remarks>
/// Per case both workers set it up (in alternating order from case to case) and warm it up; the block size is the
/// number of calls that takes <see cref="BenchmarkProfile.PairedBlockTime"/> on the slower side (at least one), and
/// <see cref="BenchmarkProfile.PairedBlocks"/> block pairs are timed. Both sessions stay open while the other side
/// is timed; ONNX Runtime's thread spinning is off in every model benchmark, so the idle side costs nothing.
/// </remarks>
internal static class SameRunComparison
{
    public static SameRunResult Run(HostOptions options, string currentAssemblyPath, string baselineAssemblyPath, TextWriter output)
    {
        var wall = Stopwatch.StartNew();
        var gate = new GateOptions { Threshold = options.SameRunThreshold };
        var comparisons = new List<CaseComparison>();
        var failures = new List<CaseFailure>();
        WorkerProcess? baseline = null, current = null;
        try
        {
            baseline = WorkerProcess.Start("baseline", baselineAssemblyPath, options);
            current = WorkerProcess.Start("current", currentAssemblyPath, options);
        }
        catch (InvalidOperationException e)
        {
            baseline?.Dispose();
            failures.Add(new CaseFailure("", "same-run A/B comparison", e.Message));
            return new SameRunResult(comparisons, failures, wall.Elapsed);
        }

        using (baseline)
        using (current)
        {
            var baselineCases = baseline.Cases.GroupBy(c => c.Display).ToDictionary(g => g.Key, g => g.First());
            var index = 0;
            foreach (var c in current.Cases)
            {
                if (!baselineCases.Remove(c.Display, out var b))
                {
                    comparisons.Add(new CaseComparison(Key(c, c.Backend ?? "?"), Verdict.New, double.NaN, double.NaN)
                    {
                        Source = VerdictSource.SameRun,
                        Note = "not in the baseline build",
                    });
                    continue;
                }

                try
                {
                    var comparison = Compare(options, gate, baseline, b, current, c, baselineFirst: index++ % 2 == 0, out var calls);
                    comparisons.Add(comparison);
                    output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{c.Display}: same-run A/B {comparison.RatioOfMedians:0.000}x ({comparison.Note}, {calls} calls per block), {comparison.Verdict}"));
                }
                catch (InvalidOperationException e)
                {
                    failures.Add(new CaseFailure(c.Model, c.Display, $"same-run A/B comparison: {e.Message}"));
                    if (e.Message.Contains("exited", StringComparison.Ordinal) || e.Message.Contains("no reply", StringComparison.Ordinal))
                    {
                        break; // a worker is gone: the remaining cases cannot be compared either
                    }
                }
            }

            comparisons.AddRange(baselineCases.Values.Select(b => new CaseComparison(Key(b, b.Backend ?? "?"), Verdict.Missing, double.NaN, double.NaN)
            {
                Source = VerdictSource.SameRun,
                Note = "only in the baseline build",
            }));
        }

        return new SameRunResult(comparisons, failures, wall.Elapsed);
    }

    private static CaseComparison Compare(HostOptions options, GateOptions gate, WorkerProcess baseline, WorkerCase b, WorkerProcess current, WorkerCase c, bool baselineFirst, out int calls)
    {
        var (first, firstCase, second, secondCase) = baselineFirst ? (baseline, b, current, c) : (current, c, baseline, b);
        var firstOpened = first.Open(firstCase.Id);
        var secondOpened = second.Open(secondCase.Id);
        try
        {
            var slowest = Math.Max(firstOpened.MedianNs, secondOpened.MedianNs);
            calls = (int)Math.Clamp(Math.Ceiling(options.Profile.PairedBlockTime.TotalMilliseconds * 1e6 / Math.Max(1, slowest)), 1, 10_000);
            var pairs = new List<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Current)>(options.Profile.PairedBlocks);
            for (var i = 0; i < options.Profile.PairedBlocks; i++)
            {
                // A B, then B A: each side is first as often as the other, so an order effect cancels out.
                var baselineNow = (i % 2 == 0) == baselineFirst;
                IReadOnlyList<double> baselineBlock, currentBlock;
                if (baselineNow)
                {
                    baselineBlock = baseline.Time(calls);
                    currentBlock = current.Time(calls);
                }
                else
                {
                    currentBlock = current.Time(calls);
                    baselineBlock = baseline.Time(calls);
                }

                pairs.Add((baselineBlock, currentBlock));
            }

            var backend = c.Backend ?? (baselineFirst ? secondOpened.Backend : firstOpened.Backend) ?? "?";
            return RegressionGate.ComparePaired(Key(c, backend), pairs, gate);
        }
        finally
        {
            first.Close();
            second.Close();
        }
    }

    private static CaseKey Key(WorkerCase c, string backend) => new(c.Model, c.Method, backend, c.Precision, c.Batch, c.Shape, c.Threads);
}
