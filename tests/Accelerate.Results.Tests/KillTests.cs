using System.Diagnostics;
using Accelerate.Results.KillTarget;

namespace Accelerate.Results.Tests;

public sealed class KillTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task A_process_killed_mid_run_leaves_the_earlier_runs_intact_and_the_file_openable()
    {
        var target = typeof(KillTargetData).Assembly.Location;
        Assert.True(File.Exists(target), target);
        // The dotnet host that runs these tests (the CLI sets DOTNET_HOST_PATH for its children), else the one on PATH.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h && File.Exists(h) ? h : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(target);
        start.ArgumentList.Add(folder.StorePath);
        using var process = Process.Start(start)!;
        var lines = new List<string>();
        var stderr = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(90));
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("BLOCKED ", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.True(
                lines.Count == 3 && lines[2].StartsWith("BLOCKED ", StringComparison.Ordinal),
                $"The child did not block in its third run. stdout: {string.Join(" / ", lines)}; exited: {process.HasExited}");
            Assert.False(process.HasExited);

            // While the child holds the file, opening it here fails clearly.
            var locked = Assert.Throws<IOException>(() => ResultsStore.Open(folder.StorePath));
            Assert.Contains("open in another process", locked.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        }

        Assert.NotEqual(0, process.ExitCode);
        Assert.Equal([$"ADDED {KillTargetData.RunId(0):D}", $"ADDED {KillTargetData.RunId(1):D}", $"BLOCKED {KillTargetData.RunId(2):D}"], lines);

        using var store = ResultsStore.Open(folder.StorePath);
        var runs = store.Runs();
        Assert.Equal([KillTargetData.RunId(1), KillTargetData.RunId(0)], runs.Select(r => r.Id));
        for (var i = 0; i < 2; i++)
        {
            var id = KillTargetData.RunId(i);
            Assert.Equal(KillTargetData.Run(i), store.Run(id));
            Assert.Equal(KillTargetData.Models, store.Models(id));
            Assert.Equal(KillTargetData.Tests(i), store.TestResults(id));
            var expected = KillTargetData.Cases(i);
            var cases = store.Cases(id);
            Assert.Equal(expected.Count, cases.Count);
            for (var c = 0; c < expected.Count; c++)
            {
                Assert.Equal(expected[c].Measurements, cases[c].Measurements);
                Assert.Equal(expected[c] with { Measurements = [] }, cases[c] with { Measurements = [] });
            }
        }

        Assert.Null(store.Run(KillTargetData.RunId(2)));
        Assert.Equal(4L, store.Scalar("SELECT count(*) FROM benchmark_cases"));
        Assert.Equal(2L, store.Scalar("SELECT count(*) FROM models"));

        // And the file takes new runs.
        store.AddRun(Data.Run(), Data.Models, Data.Cases(), []);
        Assert.Equal(3, store.Runs().Count);
        _ = await stderr;
    }
}
