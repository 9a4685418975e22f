using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Accelerate.Benchmarks.SameRun;

/// <summary>A running <see cref="SameRunWorker"/>: one build's benchmark executable, driven command by command.</summary>
internal sealed class WorkerProcess : IDisposable
{
    // Generous: a command that takes longer than this means a hung worker, which must not hang the build.
    private static readonly TimeSpan OpenTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan TimeTimeout = TimeSpan.FromMinutes(2);

    private readonly Process _process;
    private readonly StringBuilder _errors = new();

    private WorkerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (_errors)
                {
                    _errors.AppendLine(line);
                    if (_errors.Length > 8000)
                    {
                        _errors.Remove(0, _errors.Length - 4000);
                    }
                }
            }
        };
        _process.BeginErrorReadLine();
    }

    /// <summary>"baseline" or "current", for messages.</summary>
    public string Name { get; }

    /// <summary>The cases the worker listed.</summary>
    public IReadOnlyList<WorkerCase> Cases { get; private set; } = [];

    /// <summary>Starts <c>&lt;dotnet&gt; exec &lt;assembly&gt; --worker</c> with the profile and filters, and reads its case list.</summary>
    /// <exception cref="InvalidOperationException">The worker did not start or did not list its cases.</exception>
    public static WorkerProcess Start(string name, string assemblyPath, HostOptions options)
    {
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath) ?? Environment.CurrentDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "exec", assemblyPath, "--worker", "--profile", options.Profile.Name, "--artifacts", options.EffectiveArtifactsPath })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var filter in options.Filters)
        {
            start.ArgumentList.Add("--filter");
            start.ArgumentList.Add(filter);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"the {name} build's worker did not start ({assemblyPath})");
        var worker = new WorkerProcess(name, process);
        try
        {
            worker.Cases = worker.Expect<List<WorkerCase>>("cases", OpenTimeout);
            return worker;
        }
        catch
        {
            worker.Dispose();
            throw;
        }
    }

    /// <summary>Sets a case up and warms it up.</summary>
    /// <returns>The median of the warm-up calls, ns, and the backend the session runs on (when known).</returns>
    public (double MedianNs, string? Backend) Open(int id)
    {
        Send(string.Create(CultureInfo.InvariantCulture, $"open {id}"));
        var opened = Expect<Opened>("opened", OpenTimeout);
        return (opened.MedianNs, opened.Backend);
    }

    /// <summary>Times <paramref name="calls"/> calls of the open case.</summary>
    public IReadOnlyList<double> Time(int calls)
    {
        Send(string.Create(CultureInfo.InvariantCulture, $"time {calls}"));
        return Expect<List<double>>("times", TimeTimeout);
    }

    /// <summary>Cleans the open case up.</summary>
    public void Close()
    {
        Send("close");
        Expect<JsonElement>("closed", TimeTimeout);
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.WriteLine("exit");
                _process.StandardInput.Close();
                if (!_process.WaitForExit(10_000))
                {
                    _process.Kill(entireProcessTree: true);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidOperationException)
        {
            // Already gone.
        }
        finally
        {
            _process.Dispose();
        }
    }

    // The dotnet host that runs this process (the AccelerateBenchmark target runs "$(DOTNET_HOST_PATH) exec").
    private static string DotnetHost()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } fromBuild && File.Exists(fromBuild))
        {
            return fromBuild;
        }

        var self = Environment.ProcessPath;
        return self is not null && Path.GetFileNameWithoutExtension(self).Equals("dotnet", StringComparison.OrdinalIgnoreCase) ? self : "dotnet";
    }

    private void Send(string command)
    {
        try
        {
            _process.StandardInput.WriteLine(command);
            _process.StandardInput.Flush();
        }
        catch (IOException e)
        {
            throw Failed($"it stopped taking commands ({e.Message})");
        }
    }

    private T Expect<T>(string kind, TimeSpan timeout)
    {
        while (true)
        {
            using var cancel = new CancellationTokenSource(timeout);
            string? line;
            try
            {
                line = _process.StandardOutput.ReadLineAsync(cancel.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                throw Failed($"no reply to '{kind}' within {timeout.TotalSeconds:0} s");
            }

            if (line is null)
            {
                _process.WaitForExit(5_000);
                throw Failed($"it exited{(_process.HasExited ? $" with code {_process.ExitCode}" : "")} before replying '{kind}'");
            }

            if (!line.StartsWith(SameRunWorker.Prefix, StringComparison.Ordinal))
            {
                continue; // whatever a model or ONNX Runtime prints
            }

            var body = line[SameRunWorker.Prefix.Length..];
            var space = body.IndexOf(' ', StringComparison.Ordinal);
            var replyKind = space < 0 ? body : body[..space];
            var json = space < 0 ? "null" : body[(space + 1)..];
            if (replyKind == "error")
            {
                throw Failed(json);
            }

            if (replyKind != kind)
            {
                throw Failed($"it replied '{replyKind}' to '{kind}'");
            }

            try
            {
                return JsonSerializer.Deserialize<T>(json, WorkerCase.Json) ?? throw Failed($"an empty '{kind}' reply");
            }
            catch (Exception e) when (e is JsonException or NotSupportedException)
            {
                throw Failed($"an unreadable '{kind}' reply ({e.Message})");
            }
        }
    }

    private InvalidOperationException Failed(string why)
    {
        string errors;
        lock (_errors)
        {
            errors = _errors.ToString().Trim();
        }

        return new InvalidOperationException($"the {Name} build's worker failed: {why}" + (errors.Length > 0 ? $"; its error output: {errors[^Math.Min(errors.Length, 1500)..]}" : ""));
    }

    private sealed record Opened(double MedianNs, string? Backend);
}
