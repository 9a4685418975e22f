using System.Globalization;
using System.Text.Json.Nodes;
using Accelerate.Audio.Tests.Support;
using Xunit;

namespace Accelerate.Audio.Tests;

/// <summary>The real Silero VAD model (npm @livekit/agents-plugin-silero 1.9.0) through <see cref="VoiceActivityPipeline"/>.</summary>
public sealed class SileroTests(AudioFiles files, ITestOutputHelper output) : IClassFixture<AudioFiles>
{
    private static readonly VoiceActivityTensors Silero = new("input", "state", "sr", false, "output", "stateN", [2, 1, 128]);

    private static VoiceActivityPipeline Open(SegmentationOptions? options = null) =>
        VoiceActivityPipeline.Open(Tools.SileroModel, ["cpu"], new Accelerate.Runtime.AccelerateSessionOptions { IntraOpThreads = 1 }, Silero, options ?? new SegmentationOptions());

    /// <summary>espeak-ng speech padded with sox silence: <paramref name="before"/> s, the speech, <paramref name="after"/> s; 16 kHz mono 16-bit.</summary>
    private (string Path, double SpeechStart, double SpeechEnd) Padded(string text, string name, double before, double after)
    {
        var speech = files.Speech(text, name + ".speech.wav");
        var seconds = WavAudio.ReadFile(speech, 22050).Duration;
        var path = files.Sox(speech, name + ".wav", 16000, 1, "pad", Format(before), Format(after));
        return (path, before, before + seconds);
    }

    private static string Format(double v) => v.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Speech_is_found_where_it_was_spoken_within_a_quarter_second()
    {
        using var vad = Open();
        var (path, start, end) = Padded("The quick brown fox jumps over the lazy dog.", "fox", 1.5, 2.0);

        var segments = vad.Detect(path);

        output.WriteLine($"spoken {start:F3}-{end:F3} s; segments {string.Join(", ", segments.Select(s => $"{s.Start:F3}-{s.End:F3}"))}");
        Assert.NotEmpty(segments);
        Assert.InRange(segments[0].Start, start - 0.25, start + 0.25);
        Assert.InRange(segments[^1].End, end - 0.25, end + 0.25);
        Assert.All(segments, s => Assert.InRange(s.Start, start - 0.25, end + 0.25));
    }

    [Fact]
    public void Two_sentences_two_seconds_apart_are_two_segments()
    {
        using var vad = Open();
        var first = files.Speech("Good morning.", "first.speech.wav");
        var second = files.Speech("See you tomorrow.", "second.speech.wav");
        var a = WavAudio.ReadFile(first, 22050).Duration;
        var b = WavAudio.ReadFile(second, 22050).Duration;
        // 1 s silence, first, 2 s silence, second, 1 s silence.
        var joined = files.PathOf("joined.wav");
        Tools.Run("sox", files.Sox(first, "first16.wav", 16000, 1, "pad", "1", "2"), files.Sox(second, "second16.wav", 16000, 1, "pad", "0", "1"), joined);

        var segments = vad.Detect(joined);

        output.WriteLine($"spoken 1.000-{1 + a:F3} and {3 + a:F3}-{3 + a + b:F3} s; segments {string.Join(", ", segments.Select(s => $"{s.Start:F3}-{s.End:F3}"))}");
        Assert.Equal(2, segments.Count);
        Assert.InRange(segments[0].Start, 0.75, 1.25);
        Assert.InRange(segments[1].Start, 3 + a - 0.25, 3 + a + 0.25);
        Assert.InRange(segments[1].End, 3 + a + b - 0.25, 3 + a + b + 0.25);
    }

    [Fact]
    public void Stereo_at_44_1_kHz_gives_the_segments_of_sox_s_16_kHz_mono_of_it_within_one_frame()
    {
        using var vad = Open();
        var speech = files.Speech("The quick brown fox jumps over the lazy dog.", "fox44.speech.wav");
        var stereo = files.Sox(speech, "fox44.wav", 44100, 2, "remix", "1", "1v0.5", "pad", "1", "1");
        var bySox = files.PathOf("fox44-sox16.wav");
        Tools.Run("sox", stereo, "-r", "16000", "-c", "1", "-e", "floating-point", "-b", "32", bySox);

        var ours = vad.Detect(stereo);
        var sox = vad.Detect(bySox);
        var delta = vad.FrameProbabilities(stereo).Zip(vad.FrameProbabilities(bySox), (a, b) => Math.Abs(a - b)).Max();

        output.WriteLine($"NAudio {string.Join(", ", ours.Select(s => $"{s.Start:F3}-{s.End:F3}"))}; sox {string.Join(", ", sox.Select(s => $"{s.Start:F3}-{s.End:F3}"))}; max frame probability delta {delta:E2}");
        Assert.Equal(sox.Count, ours.Count);
        for (var i = 0; i < sox.Count; i++)
        {
            Assert.Equal(sox[i].Start, ours[i].Start, 0.032);
            Assert.Equal(sox[i].End, ours[i].End, 0.032);
        }
    }

    public static TheoryData<string, string[]> Quiet => new()
    {
        { "silence", [] },
        { "white-noise", ["synth", "whitenoise", "vol", "0.01"] },
        { "pink-noise", ["synth", "pinknoise", "vol", "0.02"] },
        { "hum", ["synth", "sine", "50", "vol", "0.05"] },
    };

    [Theory]
    [MemberData(nameof(Quiet))]
    public void Silence_and_low_noise_have_no_segments(string name, string[] synth)
    {
        using var vad = Open();
        var path = files.Generated(name + ".wav", 5, synth);

        var probabilities = vad.FrameProbabilities(path);
        var segments = vad.Detect(path);

        output.WriteLine($"{name}: max probability {probabilities.Max():F4}");
        Assert.Equal(5 * 16000 / 512, probabilities.Length);
        Assert.Empty(segments);
    }

    [Fact]
    public void Each_call_starts_a_new_stream()
    {
        using var vad = Open();
        var (path, _, _) = Padded("Hello there.", "hello", 0.5, 0.5);

        Assert.Equal(vad.FrameProbabilities(path), vad.FrameProbabilities(path));
    }

    /// <summary>
    /// The plugin's whole VAD (dist/vad.js, its defaults: activation 0.5, 50 ms to start, 550 ms of silence to end, its
    /// exponential smoothing of the probabilities) against our segmentation set to the nearest Silero options
    /// (threshold 0.5, minSilenceMs 550, minSpeechMs 50, no pad). The rules differ — the plugin ends speech on smoothed
    /// probabilities at or below 0.5, Silero's below 0.35 — so boundaries are compared within two frames (64 ms).
    /// </summary>
    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog. Accelerate builds typed classes for models.", 1.0, 1.5)]
    [InlineData("Good morning. See you tomorrow at nine.", 0.3, 3.0)]
    [InlineData("One, two, three, four, five, six, seven, eight, nine, ten.", 2.0, 0.2)]
    public void Speech_starts_and_ends_where_the_plugins_own_VAD_stream_says(string text, double before, double after)
    {
        var options = new SegmentationOptions(Threshold: 0.5, MinSilenceMs: 550, MinSpeechMs: 50, SpeechPadMs: 0);
        using var vad = Open(options);
        var (path, _, _) = Padded(text, "events-" + Math.Abs(text.GetHashCode(StringComparison.Ordinal)), before, after);

        var reference = JsonNode.Parse(Tools.Run("node", Path.Combine(Tools.RepositoryRoot, "build/repo/silero-reference.mjs"), path, "--events"))!;
        var theirs = reference["speech"]!.AsArray().Select(s => new SpeechSegment(s!["start"]!.GetValue<double>(), s["end"]!.GetValue<double>())).ToArray();
        var ours = vad.Detect(path);

        output.WriteLine($"plugin {string.Join(", ", theirs.Select(s => $"{s.Start:F3}-{s.End:F3}"))}; ours {string.Join(", ", ours.Select(s => $"{s.Start:F3}-{s.End:F3}"))}");
        Assert.Equal(theirs.Length, ours.Count);
        for (var i = 0; i < theirs.Length; i++)
        {
            Assert.Equal(theirs[i].Start, ours[i].Start, 0.064);
            Assert.Equal(theirs[i].End, ours[i].End, 0.064);
        }
    }

    /// <summary>
    /// The independent reference: the plugin's own model code (dist/onnx_model.js) on onnxruntime-node, driven by
    /// build/repo/silero-reference.mjs. Fails (never skips) when Node or its onnxruntime-node cannot run.
    /// </summary>
    [Theory]
    [InlineData("The quick brown fox jumps over the lazy dog. Accelerate builds typed classes for models.", 1.0, 1.5)]
    [InlineData("Good morning. See you tomorrow at nine.", 0.3, 3.0)]
    [InlineData("One, two, three, four, five, six, seven, eight, nine, ten.", 2.0, 0.2)]
    public void Frame_probabilities_equal_the_plugins_own_JS_within_1e_4_and_give_the_same_segments(string text, double before, double after)
    {
        using var vad = Open();
        var (path, _, _) = Padded(text, "ref-" + Math.Abs(text.GetHashCode(StringComparison.Ordinal)), before, after);
        var driver = Path.Combine(Tools.RepositoryRoot, "build/repo/silero-reference.mjs");
        Assert.True(Directory.Exists(Path.Combine(Tools.RepositoryRoot, ".accelerate/node/silero-reference/node_modules/onnxruntime-node")),
            "onnxruntime-node for the reference is missing: run build/repo/install-vad-reference.sh (build/repo/setup.sh does).");

        var reference = JsonNode.Parse(Tools.Run("node", driver, path))!;
        var js = reference["probabilities"]!.AsArray().Select(p => p!.GetValue<float>()).ToArray();
        var clip = WavAudio.ReadFile(path, 16000);
        var ours = vad.FrameProbabilities(clip.Samples);

        Assert.Equal(clip.Samples.Length, reference["samples"]!.GetValue<int>());
        Assert.Equal(js.Length, ours.Length);
        var delta = js.Select((p, i) => Math.Abs(p - ours[i])).Max();
        var options = new SegmentationOptions();
        var fromJs = SpeechSegmenter.Segments(js, 512, clip.Samples.Length, 16000, options);
        var fromOurs = vad.Detect(clip);
        output.WriteLine($"{ours.Length} frames, max |C# - JS| = {delta:E2}; segments {string.Join(", ", fromOurs.Select(s => $"{s.Start:F3}-{s.End:F3}"))}");
        Assert.True(delta <= 1e-4, $"max per-frame probability delta {delta:E3}");
        Assert.Equal(fromJs, fromOurs);
        Assert.NotEmpty(fromOurs);
    }
}
