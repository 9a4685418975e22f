using System.Text.Json.Nodes;
using Accelerate.Runtime;
using Xunit;

namespace VoiceActivity.Tests;

/// <summary>The runtime host opens Silero from the files beside the tests and finds exactly the generated class's segments.</summary>
public sealed class HostParityTests(Recordings recordings) : IClassFixture<Recordings>
{
    [Fact]
    public void The_runtime_host_detects_exactly_as_the_generated_class()
    {
        using var model = new SileroVad();
        using var host = ModelHost.OpenFromOutput(AppContext.BaseDirectory, "SileroVad");

        var files = new[]
        {
            recordings.Spoken("The quick brown fox jumps over the lazy dog.", 1.0, 1.0).Path,
            recordings.Spoken("One, two, three.", 0.3, 0.8, rate: 44100, channels: 2).Path,
            recordings.Spoken("Good morning, how are you today?", 0.4, 1.5, rate: 22050).Path,
            recordings.Generated("host-silence.wav", 2),
        };
        foreach (var file in files)
        {
            var hosted = host.Invoke(new JsonObject { ["audio"] = Convert.ToBase64String(File.ReadAllBytes(file)) });
            var generated = model.Detect(file);
            var segments = hosted["segments"]!.AsArray();
            Assert.Equal(generated.Select(s => s.Start), segments.Select(s => s!["start"]!.GetValue<double>()));
            Assert.Equal(generated.Select(s => s.End), segments.Select(s => s!["end"]!.GetValue<double>()));
            Assert.Equal(model.FrameProbabilities(file).Length, hosted["frames"]!.GetValue<int>());
        }
    }
}
