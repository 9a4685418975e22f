namespace Accelerate.Audio.Tests;

/// <summary>Silero's segmentation rules on hand-made probabilities (frames of 512 samples at 16 kHz: 32 ms each).</summary>
public sealed class SpeechSegmenterTests
{
    private const int Frame = 512;
    private const int Rate = 16000;

    private static float[] Frames(params (int Count, float P)[] runs) => runs.SelectMany(r => Enumerable.Repeat(r.P, r.Count)).ToArray();

    private static IReadOnlyList<SpeechSegment> Segment(float[] p, SegmentationOptions? options = null) =>
        SpeechSegmenter.Segments(p, Frame, (long)p.Length * Frame, Rate, options ?? new SegmentationOptions());

    [Fact]
    public void Speech_starts_at_the_threshold_and_ends_where_the_silence_began_plus_the_pad()
    {
        // 10 silent frames, 20 speech frames (640 ms), 20 silent frames.
        var segments = Segment(Frames((10, 0.01f), (20, 0.9f), (20, 0.01f)));

        var s = Assert.Single(segments);
        Assert.Equal((10 * Frame - 480) / (double)Rate, s.Start, 9); // 30 ms pad = 480 samples
        Assert.Equal((30 * Frame + 480) / (double)Rate, s.End, 9);
    }

    [Fact]
    public void A_probability_between_the_two_thresholds_keeps_speech_going()
    {
        // 0.4 is below 0.5 but not below 0.35: no silence starts, so one segment spans it.
        var segments = Segment(Frames((5, 0f), (10, 0.9f), (20, 0.4f), (10, 0.9f), (20, 0f)));

        var s = Assert.Single(segments);
        Assert.Equal((45 * Frame + 480) / (double)Rate, s.End, 9);
    }

    [Fact]
    public void A_silence_shorter_than_minSilence_does_not_split_and_a_longer_one_does()
    {
        // 3 frames = 96 ms < 100 ms: one segment; 5 frames = 160 ms: two.
        Assert.Single(Segment(Frames((5, 0f), (10, 0.9f), (3, 0.1f), (10, 0.9f), (20, 0f))));
        Assert.Equal(2, Segment(Frames((5, 0f), (10, 0.9f), (5, 0.1f), (10, 0.9f), (20, 0f))).Count);
    }

    [Fact]
    public void Segments_of_minSpeech_or_less_are_dropped()
    {
        // 7 frames = 224 ms ≤ 250 ms: dropped; 8 frames = 256 ms: kept.
        Assert.Empty(Segment(Frames((5, 0f), (7, 0.9f), (20, 0f))));
        Assert.Single(Segment(Frames((5, 0f), (8, 0.9f), (20, 0f))));
    }

    [Fact]
    public void Close_segments_share_the_gap_instead_of_overlapping_pads()
    {
        var options = new SegmentationOptions(SpeechPadMs: 100); // 1600 samples; the gap is 5 frames = 2560 < 3200
        var segments = Segment(Frames((10, 0f), (10, 0.9f), (5, 0f), (10, 0.9f), (20, 0f)), options);

        Assert.Equal(2, segments.Count);
        Assert.Equal(segments[0].End, segments[1].Start, 9);
        Assert.Equal((20 * Frame + 1280) / (double)Rate, segments[0].End, 9);
    }

    [Fact]
    public void Speech_still_going_at_the_end_ends_with_the_audio()
    {
        var p = Frames((5, 0f), (20, 0.9f));
        var segments = SpeechSegmenter.Segments(p, Frame, p.Length * Frame + 100, Rate, new SegmentationOptions());

        Assert.Equal((p.Length * Frame + 100) / (double)Rate, Assert.Single(segments).End, 9);
    }

    [Fact]
    public void Silence_and_an_empty_clip_have_no_segments()
    {
        Assert.Empty(Segment(Frames((100, 0.2f))));
        Assert.Empty(Segment([]));
    }

    [Fact]
    public void A_threshold_below_the_margin_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Segment(Frames((1, 0f)), new SegmentationOptions(Threshold: 0.1)));
    }
}
