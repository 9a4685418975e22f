using System.Globalization;
using System.Reflection;
using System.Text.Json;
using BdnCase = BenchmarkDotNet.Running.BenchmarkCase;

namespace Accelerate.Benchmarks.SameRun;

/// <summary>
/// One side of a same-run A/B comparison: a benchmark executable started with <c>--worker</c>, which lists its cases
/// and then sets cases up and times blocks of calls when the coordinator (<see cref="SameRunComparison"/>) asks.
/// </summary>
/// <remarks>
/// The protocol is line based. Replies go to stdout prefixed with <see cref="Prefix"/> (anything else a model or
/// ONNX Runtime prints is ignored by the coordinator); commands come on stdin:
/// <list type="bullet">
/// <item>at start: <c>@accelerate-worker cases [{"id":0,"display":"…","model":"…",…}]</c></item>
/// <item><c>open &lt;id&gt;</c>: set the case up and warm it up → <c>… opened {"medianNs":…,"backend":"cpu"}</c></item>
/// <item><c>time &lt;calls&gt;</c>: time that many calls of the open case → <c>… times [ns, …]</c></item>
/// <item><c>close</c>: clean the case up → <c>… closed</c></item>
/// <item>end of input or <c>exit</c>: leave.</item>
/// </list>
/// A command that fails replies <c>… error {"message":"…"}</c>; the worker stays ready for the next command.
/// </remarks>
internal static class SameRunWorker
{
    public const string Prefix = "@accelerate-worker ";

    public static int Serve(HostOptions options, Assembly assembly, TextReader input, TextWriter output)
    {
        var cases = BenchmarkHost.ListCases(options, assembly);
        Reply(output, "cases", cases.Select((c, id) => WorkerCase.From(id, c.Description)).ToList());
        CaseRunner? open = null;
        try
        {
            while (input.ReadLine() is { } line)
            {
                var parts = line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (parts.Length == 0)
                {
                    continue;
                }

                try
                {
                    switch (parts[0])
                    {
                        case "open":
                            open?.Dispose();
                            open = null;
                            var id = int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
                            open = CaseRunner.Open(cases[id].Case);
                            var warmup = open.Time(Math.Max(3, options.Profile.LatencyWarmup), 1, TimeSpan.MaxValue);
                            Reply(output, "opened", new { medianNs = Results.LatencyStatistics.Median(warmup), backend = open.LoadedBackend });
                            break;
                        case "time":
                            var calls = int.Parse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture);
                            var runner = open ?? throw new InvalidOperationException("no case is open");
                            Reply(output, "times", runner.Time(calls, calls, TimeSpan.MaxValue));
                            break;
                        case "close":
                            open?.Dispose();
                            open = null;
                            Reply(output, "closed", new { });
                            break;
                        case "exit":
                            return 0;
                        default:
                            throw new InvalidOperationException($"unknown command '{parts[0]}'");
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    var inner = e is TargetInvocationException { InnerException: { } i } ? i : e;
                    Reply(output, "error", new { message = $"{inner.GetType().Name}: {inner.Message}" });
                }
            }

            return 0;
        }
        finally
        {
            open?.Dispose();
        }
    }

    private static void Reply(TextWriter output, string kind, object value)
    {
        output.WriteLine(Prefix + kind + " " + JsonSerializer.Serialize(value, WorkerCase.Json));
        output.Flush();
    }
}

/// <summary>A case as a worker lists it.</summary>
internal sealed record WorkerCase(int Id, string Display, string Model, string Method, string? Backend, string Precision, int Batch, string Shape, int Threads)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static WorkerCase From(int id, CaseDescription d) => new(id, d.Display, d.Model, d.Method, d.Backend, d.Precision, d.Batch, d.Shape, d.Threads);
}
