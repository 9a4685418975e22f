using System.Text.Json.Nodes;
using Accelerate.Audio.Tests.Support;
using Accelerate.Manifest;
using Accelerate.Manifest.Signatures;
using Accelerate.Runtime;

namespace Accelerate.Audio.Tests;

/// <summary>The runtime host finds the voice-activity task in Accelerate.Audio and applies the task's model contract.</summary>
public sealed class HostTests(AudioFiles files) : IClassFixture<AudioFiles>
{
    private const string Manifest = """
        {
          "name": "SileroVad",
          "task": "voice-activity-detection",
          "source": { "path": "silero_vad.onnx" },
          "options": { "minSilenceMs": 300 }
        }
        """;

    private static TensorSignature Tensor(string name, string type, params long?[] dims) =>
        new(name, "tensor", type, new(dims.Select(d => new Dimension(d, null))), "");

    // What the build's inspection writes for the plugin's silero_vad.onnx.
    private static ModelSignature Signature(params TensorSignature[] outputs) => new()
    {
        ManifestPath = "/models/SileroVad.model.json",
        ModelFile = Tools.SileroModel,
        Inputs = new([Tensor("input", "float", null, null), Tensor("state", "float", 2, null, 128), Tensor("sr", "int64")]),
        Outputs = new(outputs.Length > 0 ? outputs : [Tensor("output", "float", null, 1), Tensor("stateN", "float", null, null, null)]),
    };

    private static Accelerate.Manifest.Model.ModelManifest Parsed() => ManifestParser.Parse(Manifest, "/models/SileroVad.model.json").Manifest!;

    [Fact]
    public void The_host_opens_the_task_from_the_manifest_and_detects_as_the_pipeline_does()
    {
        using var host = ModelHost.Open(Parsed(), Signature(), AppContext.BaseDirectory);
        var speech = files.Speech("The quick brown fox jumps over the lazy dog.", "host.speech.wav");
        var path = files.Sox(speech, "host.wav", 16000, 1, "pad", "1", "1");

        var result = host.Invoke(new JsonObject { ["audio"] = Convert.ToBase64String(File.ReadAllBytes(path)) });

        var pipeline = Assert.IsType<VoiceActivityPipeline>(host.Pipeline);
        Assert.Equal(new SegmentationOptions(0.5, 300, 250, 30), pipeline.Segmentation);
        var expected = pipeline.Detect(path);
        var segments = result["segments"]!.AsArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(s => (s.Start, s.End)), segments.Select(s => (s!["start"]!.GetValue<double>(), s["end"]!.GetValue<double>())));
        Assert.Equal(WavAudio.ReadFile(path, 16000).Duration, result["duration"]!.GetValue<double>());
        Assert.Equal(WavAudio.ReadFile(path, 16000).Samples.Length / 512, result["frames"]!.GetValue<int>());
    }

    [Fact]
    public void The_host_refuses_a_model_whose_state_has_no_output_with_ACC3012()
    {
        var e = Assert.Throws<ModelHostException>(() =>
            ModelHost.Open(Parsed(), Signature(Tensor("output", "float", null, 1), Tensor("hn", "float", 2, null, 64)), AppContext.BaseDirectory));

        var problem = Assert.Single(e.Diagnostics);
        Assert.Equal("ACC3012", problem.Code);
        Assert.Contains("state input 'state' is float [2, ?, 128]", problem.Message, StringComparison.Ordinal);
        Assert.Equal((4, 3), (problem.Line, problem.Column)); // "source"
    }
}
