using Xunit;

namespace VoiceActivity.Tests;

/// <summary>
/// What users rely on: speech is found where it was spoken and nowhere else. Boundaries are checked within 0.25 s of the
/// spoken extent: a frame is 32 ms, Silero pads segments by 30 ms and needs a few frames to rise and fall, and
/// espeak-ng's quietest onsets and endings sit below the 1% trim level (measured here: starts 0.006–0.034 s early, ends 0.03–0.12 s late).
/// </summary>
public sealed class SpeechTests(Recordings recordings, ITestOutputHelper output) : IClassFixture<Recordings>
{
    private const double Tolerance = 0.25;

    public static TheoryData<string, double, double> Sentences => new()
    {
        { "The quick brown fox jumps over the lazy dog.", 1.0, 1.0 },
        { "Accelerate builds typed classes for ONNX models.", 2.5, 0.5 },
        { "Good morning, how are you today?", 0.4, 3.0 },
    };

    [Theory]
    [MemberData(nameof(Sentences))]
    public void Speech_is_found_where_it_was_spoken(string text, double before, double after)
    {
        using var model = new SileroVad();
        var (path, start, end) = recordings.Spoken(text, before, after);

        var segments = model.Detect(path);

        output.WriteLine($"spoken {start:F3}-{end:F3} s; segments {string.Join(", ", segments.Select(s => $"{s.Start:F3}-{s.End:F3}"))}");
        Assert.NotEmpty(segments);
        Assert.InRange(segments[0].Start, start - Tolerance, start + Tolerance);
        Assert.InRange(segments[^1].End, end - Tolerance, end + Tolerance);
        Assert.All(segments, s => Assert.True(s.Start >= start - Tolerance && s.End <= end + Tolerance, $"{s} is outside the speech"));
    }

    [Fact]
    public void Stereo_at_44_1_kHz_is_found_at_the_same_place()
    {
        using var model = new SileroVad();
        var (path, start, end) = recordings.Spoken("The quick brown fox jumps over the lazy dog.", 1.0, 1.0, rate: 44100, channels: 2);

        var segments = model.Detect(path);

        output.WriteLine($"spoken {start:F3}-{end:F3} s; segments {string.Join(", ", segments.Select(s => $"{s.Start:F3}-{s.End:F3}"))}");
        Assert.InRange(segments[0].Start, start - Tolerance, start + Tolerance);
        Assert.InRange(segments[^1].End, end - Tolerance, end + Tolerance);
    }

    public static TheoryData<string, string[]> Quiet => new()
    {
        { "silence", [] },
        { "white-noise", ["synth", "whitenoise", "vol", "0.01"] },
        { "brown-noise", ["synth", "brownnoise", "vol", "0.05"] },
    };

    [Theory]
    [MemberData(nameof(Quiet))]
    public void Silence_and_low_noise_give_no_segments(string name, string[] synth)
    {
        using var model = new SileroVad();
        var path = recordings.Generated(name + ".wav", 4, synth);

        Assert.Empty(model.Detect(path));
        Assert.All(model.FrameProbabilities(path), p => Assert.InRange(p, 0f, 0.35f));
    }

    [Fact]
    public void Bytes_stream_and_path_give_the_same_segments()
    {
        using var model = new SileroVad();
        var (path, _, _) = recordings.Spoken("Hello there.", 0.5, 0.5, rate: 22050);

        var byPath = model.Detect(path);

        Assert.Equal(byPath, model.Detect(File.ReadAllBytes(path)));
        using var stream = File.OpenRead(path);
        Assert.Equal(byPath, model.Detect(stream));
    }
}
