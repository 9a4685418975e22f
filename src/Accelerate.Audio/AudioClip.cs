namespace Accelerate.Audio;

/// <summary>Mono audio samples at one sample rate, as an audio model reads them, and what the source file was.</summary>
/// <param name="Samples">The samples, in [-1, 1] for PCM sources (16-bit PCM is divided by 32768, as NAudio does).</param>
/// <param name="SampleRate">Samples per second of <paramref name="Samples"/>.</param>
/// <param name="SourceSampleRate">The source's sample rate (before resampling).</param>
/// <param name="SourceChannels">The source's channel count (before down-mixing).</param>
public sealed record AudioClip(float[] Samples, int SampleRate, int SourceSampleRate, int SourceChannels)
{
    /// <summary>The clip's length in seconds.</summary>
    public double Duration => (double)Samples.Length / SampleRate;
}
