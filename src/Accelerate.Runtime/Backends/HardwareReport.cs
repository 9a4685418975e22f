using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Accelerate.Runtime;

/// <summary>Writes backend statuses (usually <see cref="BackendDetector.ProbeAll"/>) as a hardware report.</summary>
public static class HardwareReport
{
    /// <summary>
    /// The report as indented JSON: ONNX Runtime version, operating system, process architecture, CPU model, logical
    /// cores, the providers of the ONNX Runtime build, and per backend its name, provider, availability, reason,
    /// description, package and the provider options it gets.
    /// </summary>
    /// <param name="statuses">The backends to report, in the order to report them.</param>
    /// <returns>A JSON object; property names are camelCase.</returns>
    public static string ToJson(IReadOnlyList<BackendStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("onnxRuntimeVersion", Safely(() => BackendDetector.OnnxRuntimeVersion));
            json.WriteString("os", RuntimeInformation.OSDescription);
            json.WriteString("osArchitecture", RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant());
            json.WriteString("processArchitecture", RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant());
            json.WriteString("framework", RuntimeInformation.FrameworkDescription);
            json.WriteString("cpuModel", CpuModel());
            json.WriteNumber("logicalCores", Environment.ProcessorCount);
            json.WriteString("deviceId", Environment.GetEnvironmentVariable(BackendDetector.DeviceIdVariable) is { Length: > 0 } device ? device : "0");
            json.WriteStartArray("availableProviders");
            foreach (var provider in Safely(() => BackendDetector.AvailableProviders, []))
            {
                json.WriteStringValue(provider);
            }

            json.WriteEndArray();
            json.WriteStartArray("backends");
            foreach (var status in statuses)
            {
                var info = BackendCatalog.Find(status.Name);
                json.WriteStartObject();
                json.WriteString("name", status.Name);
                json.WriteString("provider", status.ProviderName);
                json.WriteBoolean("available", status.IsAvailable);
                json.WriteString("reason", status.Reason);
                if (info is not null)
                {
                    json.WriteString("description", info.Description);
                    json.WriteString("package", info.Package);
                    json.WriteString("providerOptions", ExecutionProviders.Describe(info));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The report as an aligned table with a header: backend, provider, available (yes/no), reason.</summary>
    /// <param name="statuses">The backends to report, one line each, in this order.</param>
    /// <returns>The header line and one line per status, separated by <see cref="Environment.NewLine"/>.</returns>
    public static string ToText(IReadOnlyList<BackendStatus> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        string[] header = ["backend", "provider", "available", "reason"];
        var rows = statuses.Select(s => new[] { s.Name, s.ProviderName, s.IsAvailable ? "yes" : "no", s.Reason }).Prepend(header).ToList();
        var widths = Enumerable.Range(0, 3).Select(column => rows.Max(r => r[column].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            if (text.Length > 0)
            {
                text.Append(Environment.NewLine);
            }

            var line = $"{row[0].PadRight(widths[0])}  {row[1].PadRight(widths[1])}  {row[2].PadRight(widths[2])}  {row[3]}";
            text.Append(line.TrimEnd());
        }

        return text.ToString();
    }

    /// <summary>The CPU's model name: from /proc/cpuinfo on Linux, PROCESSOR_IDENTIFIER on Windows; "unknown" elsewhere.</summary>
    internal static string CpuModel()
    {
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                foreach (var line in File.ReadLines("/proc/cpuinfo"))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0 && line[..colon].Trim() is "model name" or "Model" or "cpu model" && line[(colon + 1)..].Trim() is { Length: > 0 } model)
                    {
                        return model;
                    }
                }
            }
        }
        catch (IOException)
        {
            // Fall through to the other sources.
        }
        catch (UnauthorizedAccessException)
        {
            // Fall through to the other sources.
        }

        return Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") is { Length: > 0 } identifier ? identifier : "unknown";
    }

    private static T Safely<T>(Func<T> read, T fallback)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return fallback;
        }
    }

    private static string Safely(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException)
        {
            return $"unknown ({BackendProber.Condense(ex)})";
        }
    }
}
