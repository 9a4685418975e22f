using System.Text.Json;

namespace Accelerate.Runtime.Tests.Backends;

public sealed class HardwareReportTests
{
    [Fact]
    public void JsonParsesAndContainsEveryCatalogueBackend()
    {
        var json = HardwareReport.ToJson(BackendDetector.ProbeAll());

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal(BackendDetector.OnnxRuntimeVersion, root.GetProperty("onnxRuntimeVersion").GetString());
        Assert.Matches(@"^\d+\.\d+\.\d+", root.GetProperty("onnxRuntimeVersion").GetString());
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("os").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("processArchitecture").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("cpuModel").GetString()));
        Assert.Equal(Environment.ProcessorCount, root.GetProperty("logicalCores").GetInt32());
        Assert.Contains("CPUExecutionProvider", root.GetProperty("availableProviders").EnumerateArray().Select(p => p.GetString()));

        var backends = root.GetProperty("backends").EnumerateArray().ToList();
        Assert.Equal(BackendCatalog.All.Select(b => b.Name), backends.Select(b => b.GetProperty("name").GetString()));
        Assert.All(backends, b =>
        {
            var status = BackendDetector.Probe(b.GetProperty("name").GetString()!);
            Assert.Equal(status.ProviderName, b.GetProperty("provider").GetString());
            Assert.Equal(status.IsAvailable, b.GetProperty("available").GetBoolean());
            Assert.Equal(status.Reason, b.GetProperty("reason").GetString());
            Assert.False(string.IsNullOrEmpty(b.GetProperty("providerOptions").GetString()));
        });
        Assert.Contains("\n  \"backends\"", json.ReplaceLineEndings("\n")); // indented
    }

    [Fact]
    public void JsonKeepsReasonsReadableAndReportsProviderOptions()
    {
        var json = HardwareReport.ToJson([new BackendStatus("cuda", "CUDAExecutionProvider", false, "'x' \"y\" <z>"), new BackendStatus("gpu", "", false, "unknown")]);

        Assert.Contains("'x' \\\"y\\\" <z>", json);
        using var document = JsonDocument.Parse(json);
        var backends = document.RootElement.GetProperty("backends");
        Assert.Equal("device_id=0", backends[0].GetProperty("providerOptions").GetString());
        Assert.Equal("Microsoft.ML.OnnxRuntime.Gpu", backends[0].GetProperty("package").GetString());
        Assert.False(backends[1].TryGetProperty("providerOptions", out _)); // not a catalogue backend
    }

    [Fact]
    public void TextHasAHeaderAndOneAlignedLinePerBackend()
    {
        var statuses = BackendDetector.ProbeAll();

        var lines = HardwareReport.ToText(statuses).Split(Environment.NewLine);

        Assert.Equal(statuses.Count + 1, lines.Length);
        Assert.Matches(@"^backend +provider +available +reason$", lines[0]);
        var providerColumn = lines[0].IndexOf("provider", StringComparison.Ordinal);
        var availableColumn = lines[0].IndexOf("available", StringComparison.Ordinal);
        for (var i = 0; i < statuses.Count; i++)
        {
            var line = lines[i + 1];
            Assert.StartsWith(statuses[i].Name + " ", line);
            Assert.Equal(statuses[i].ProviderName, line[providerColumn..].Split(' ')[0]);
            Assert.Equal(statuses[i].IsAvailable ? "yes" : "no", line[availableColumn..].Split(' ')[0]);
            Assert.EndsWith(statuses[i].IsAvailable ? "yes" : statuses[i].Reason, line);
        }
    }
}
