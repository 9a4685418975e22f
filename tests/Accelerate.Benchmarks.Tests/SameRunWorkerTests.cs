using System.Text.Json;
using Accelerate.Benchmarks.SameRun;
using Accelerate.Benchmarks.Tests.Support;

namespace Accelerate.Benchmarks.Tests;

/// <summary>
/// The same-run worker's protocol on a real model (ResNet18): the case list, opening a case, timed blocks, closing, and
/// errors that leave the worker ready. The coordinator over two built executables is tested end to end
/// (Accelerate.EndToEnd.Tests, SameRunGateTests).
/// </summary>
[Collection(nameof(HostCollection))]
public sealed class SameRunWorkerTests
{
    [Fact]
    public void Lists_opens_times_and_closes_cases_and_reports_errors_without_stopping()
    {
        var options = HostOptions.Parse(["--worker", "--filter", "*ResNetBenchmarks*", "--artifacts", Path.Combine(Path.GetTempPath(), "acc-worker-artifacts")])
            with { Profile = BenchmarkProfile.ForTests(5) };
        var input = new StringReader(string.Join('\n', "time 3", "open 0", "time 3", "time 2", "close", "open 99", "frobnicate", "exit", "open 0"));
        var output = new StringWriter();

        var exit = SameRunWorker.Serve(options, typeof(ResNetBenchmarks).Assembly, input, output);

        Assert.Equal(0, exit);
        var replies = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Assert.IsType<string>(line.StartsWith(SameRunWorker.Prefix, StringComparison.Ordinal) ? line[SameRunWorker.Prefix.Length..] : null))
            .Select(line => (Kind: line.Split(' ', 2)[0], Json: JsonDocument.Parse(line.Split(' ', 2)[1]).RootElement))
            .ToList();
        Assert.Equal(["cases", "error", "opened", "times", "times", "closed", "error", "error"], replies.Select(r => r.Kind));

        var cases = replies[0].Json.EnumerateArray().ToList();
        Assert.Equal(2, cases.Count); // raw and end-to-end on cpu; cuda is skipped by AvailableBackends
        Assert.Equal("ResNet18 raw cpu fp32 batch=1 224x224 threads=2", cases[0].GetProperty("display").GetString());
        Assert.Equal("raw", cases[0].GetProperty("method").GetString());
        Assert.Equal(0, cases[0].GetProperty("id").GetInt32());
        Assert.Contains("no case is open", replies[1].Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(replies[2].Json.GetProperty("medianNs").GetDouble() > 100_000, "ResNet18 takes milliseconds");
        Assert.Equal("cpu", replies[2].Json.GetProperty("backend").GetString());
        Assert.Equal(3, replies[3].Json.GetArrayLength());
        Assert.Equal(2, replies[4].Json.GetArrayLength());
        Assert.All(replies[3].Json.EnumerateArray(), ns => Assert.True(ns.GetDouble() > 100_000));
        Assert.Contains("ArgumentOutOfRangeException", replies[6].Json.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("unknown command 'frobnicate'", replies[7].Json.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
