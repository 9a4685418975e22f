namespace Accelerate.Audio;

/// <summary>One stretch of speech.</summary>
/// <param name="Start">Where it starts, in seconds from the start of the audio.</param>
/// <param name="End">Where it ends, in seconds.</param>
public sealed record SpeechSegment(double Start, double End)
{
    /// <summary>Its length in seconds.</summary>
    public double Duration => End - Start;
}

/// <summary>How frame probabilities become segments; the defaults are Silero's (<c>get_speech_timestamps</c>).</summary>
/// <param name="Threshold">Speech starts (or continues) at a frame probability of at least this.</param>
/// <param name="MinSilenceMs">Speech ends after this many milliseconds below <c>Threshold − 0.15</c>.</param>
/// <param name="MinSpeechMs">Segments this short or shorter are dropped.</param>
/// <param name="SpeechPadMs">Each segment is widened by this on both sides, at most to half the silence between two segments.</param>
public sealed record SegmentationOptions(double Threshold = 0.5, int MinSilenceMs = 100, int MinSpeechMs = 250, int SpeechPadMs = 30)
{
    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The threshold is not in [0.15, 1] or a duration is negative.</exception>
    public void Validate()
    {
        if (!(Threshold >= 0.15 && Threshold <= 1)) throw new ArgumentOutOfRangeException(nameof(Threshold), Threshold, "The threshold must be from 0.15 to 1 (speech ends below threshold − 0.15).");
        ArgumentOutOfRangeException.ThrowIfNegative(MinSilenceMs);
        ArgumentOutOfRangeException.ThrowIfNegative(MinSpeechMs);
        ArgumentOutOfRangeException.ThrowIfNegative(SpeechPadMs);
    }
}

/// <summary>
/// Silero VAD's segmentation (<c>get_speech_timestamps</c> of silero-vad 5/6, without a maximum speech length): frame
/// <c>i</c> covers samples <c>[i·frame, (i+1)·frame)</c>; speech starts at the first frame whose probability is at least
/// the threshold; once below <c>threshold − 0.15</c> a silence starts, and speech ends there when the silence lasts
/// <c>minSilenceMs</c> (a frame at or above the threshold cancels it); segments of <c>minSpeechMs</c> or less are dropped;
/// speech still going at the end ends with the audio; then every segment is padded by <c>speechPadMs</c> on both sides,
/// or by half the gap when two segments are closer than twice the pad.
/// </summary>
public static class SpeechSegmenter
{
    /// <summary>The segments of one clip.</summary>
    /// <param name="probabilities">One speech probability per frame.</param>
    /// <param name="frameSamples">Samples per frame (512 at 16 kHz).</param>
    /// <param name="sampleCount">The clip's length in samples (speech still going at the end ends here).</param>
    /// <param name="sampleRate">Samples per second.</param>
    /// <param name="options">Threshold and durations.</param>
    /// <returns>The segments in order, in seconds.</returns>
    public static IReadOnlyList<SpeechSegment> Segments(ReadOnlySpan<float> probabilities, int frameSamples, long sampleCount, int sampleRate, SegmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var minSpeech = sampleRate * (long)options.MinSpeechMs / 1000;
        var minSilence = sampleRate * (long)options.MinSilenceMs / 1000;
        var pad = sampleRate * (long)options.SpeechPadMs / 1000;
        var threshold = options.Threshold;
        var negThreshold = threshold - VoiceActivityPipeline.SilenceMargin;

        var speeches = new List<(long Start, long End)>();
        var triggered = false;
        long start = 0, tempEnd = 0;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            var at = (long)frameSamples * i;
            if (p >= threshold && tempEnd != 0) tempEnd = 0;
            if (p >= threshold && !triggered)
            {
                triggered = true;
                start = at;
                continue;
            }
            if (p < negThreshold && triggered)
            {
                if (tempEnd == 0) tempEnd = at;
                if (at - tempEnd < minSilence) continue;
                if (tempEnd - start > minSpeech) speeches.Add((start, tempEnd));
                triggered = false;
                tempEnd = 0;
            }
        }
        if (triggered && sampleCount - start > minSpeech) speeches.Add((start, sampleCount));

        for (var i = 0; i < speeches.Count; i++)
        {
            var (s, e) = speeches[i];
            if (i == 0) s = Math.Max(0, s - pad);
            if (i != speeches.Count - 1)
            {
                var next = speeches[i + 1];
                var silence = next.Start - e;
                if (silence < 2 * pad)
                {
                    e += silence / 2;
                    next.Start = Math.Max(0, next.Start - silence / 2);
                }
                else
                {
                    e = Math.Min(sampleCount, e + pad);
                    next.Start = Math.Max(0, next.Start - pad);
                }
                speeches[i + 1] = next;
            }
            else
            {
                e = Math.Min(sampleCount, e + pad);
            }
            speeches[i] = (s, e);
        }
        return speeches.Select(x => new SpeechSegment((double)x.Start / sampleRate, (double)x.End / sampleRate)).ToArray();
    }
}
