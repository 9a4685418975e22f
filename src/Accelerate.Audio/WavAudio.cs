using Accelerate.Audio.Internal;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace Accelerate.Audio;

/// <summary>
/// Reads WAV audio for audio models with NAudio: RIFF/WAVE files with PCM (8, 16, 24 or 32 bit) or IEEE float samples
/// (also in WAVE_FORMAT_EXTENSIBLE), any sample rate and channel count. Several channels are down-mixed to mono by
/// averaging them (as sox's <c>-c 1</c> does); another sample rate is resampled with NAudio's WDL resampler
/// (<see cref="NAudio.Dsp.WdlResampler"/>) in its windowed-sinc mode. A file that is not such a WAV, holds no samples or is cut short is an
/// <see cref="InvalidDataException"/> naming the file (or stream) and the expected form; nothing is read past the data
/// the file declares, so a broken file never hangs.
/// </summary>
public static class WavAudio
{
    /// <summary>What a readable file is, as error messages say it.</summary>
    public const string ExpectedForm = "a RIFF/WAVE file with PCM (8, 16, 24 or 32 bit) or IEEE float samples, any sample rate and channel count";

    /// <summary>Reads a WAV file as mono audio at <paramref name="sampleRate"/>.</summary>
    /// <param name="path">The .wav file.</param>
    /// <param name="sampleRate">The rate the samples are resampled to (e.g. 16000 for Silero VAD).</param>
    /// <returns>The mono clip.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable WAV file, holds no samples or is truncated.</exception>
    public static AudioClip ReadFile(string path, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"The audio file {path} does not exist.", path);
        using var stream = File.OpenRead(path);
        return Read(stream, sampleRate, "The audio file " + path);
    }

    /// <summary>Reads WAV audio from a stream (read to its end; not disposed) as mono audio at <paramref name="sampleRate"/>.</summary>
    /// <param name="wav">A stream holding a WAV file.</param>
    /// <param name="sampleRate">The rate the samples are resampled to.</param>
    /// <param name="source">How error messages name the stream, e.g. "The audio file x.wav".</param>
    /// <returns>The mono clip.</returns>
    /// <exception cref="InvalidDataException">The stream is not a readable WAV file, holds no samples or is truncated.</exception>
    public static AudioClip Read(Stream wav, int sampleRate, string source = "The WAV stream")
    {
        ArgumentNullException.ThrowIfNull(wav);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        // NAudio seeks inside the file; a stream that cannot seek (a network body) is buffered first.
        if (!wav.CanSeek)
        {
            var buffer = new MemoryStream();
            wav.CopyTo(buffer);
            buffer.Position = 0;
            wav = buffer;
        }
        return Decode(wav, sampleRate, source);
    }

    /// <summary>Reads WAV audio held in memory as mono audio at <paramref name="sampleRate"/>.</summary>
    /// <param name="wav">The bytes of a WAV file.</param>
    /// <param name="sampleRate">The rate the samples are resampled to.</param>
    /// <returns>The mono clip.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a readable WAV file, hold no samples or are truncated.</exception>
    public static AudioClip Read(ReadOnlySpan<byte> wav, int sampleRate)
    {
        using var stream = new MemoryStream(wav.ToArray(), writable: false);
        return Read(stream, sampleRate, "The WAV bytes");
    }

    /// <summary>
    /// Writes a 16 kHz mono 16-bit WAV file of exactly <paramref name="seconds"/> seconds, made by repeating the given
    /// recordings one after another, into the temporary folder (generated benchmarks measure time per second of audio on it).
    /// </summary>
    /// <param name="wavPaths">The recordings (read as <see cref="ReadFile"/> does, at 16 kHz).</param>
    /// <param name="name">A name for the file (e.g. the model's).</param>
    /// <param name="seconds">The length of the file.</param>
    /// <returns>The file's path; the same name and length give the same file.</returns>
    public static string WriteRepeated(IReadOnlyList<string> wavPaths, string name, int seconds)
    {
        ArgumentNullException.ThrowIfNull(wavPaths);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1);
        const int rate = 16000;
        var all = wavPaths.SelectMany(p => ReadFile(p, rate).Samples).ToArray();
        if (all.Length == 0) throw new ArgumentException("Give at least one recording.", nameof(wavPaths));
        var path = Path.Combine(Path.GetTempPath(), $"accelerate-{name}-{seconds}s-{rate}.wav");
        using (var writer = new WaveFileWriter(path, new WaveFormat(rate, 16, 1)))
        {
            var total = seconds * rate;
            for (var written = 0; written < total; written += all.Length)
            {
                writer.WriteSamples(all, 0, Math.Min(all.Length, total - written));
            }
        }
        return path;
    }

    private static AudioClip Decode(Stream stream, int sampleRate, string source)
    {
        if (stream.Length - stream.Position == 0) throw Invalid(source, "it is empty (0 bytes)");
        WaveFileReader reader;
        try
        {
            reader = new WaveFileReader(stream);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or InvalidDataException or ArgumentException or OverflowException)
        {
            throw Invalid(source, e.Message.TrimEnd('.'), e);
        }

        using (reader)
        {
            var format = reader.WaveFormat;
            // The constructor leaves the stream at the data chunk: a header that promises more than the file holds is a truncated file.
            var available = stream.Length - stream.Position;
            if (reader.Length > available)
            {
                throw Invalid(source, $"it is truncated: its data chunk declares {reader.Length} bytes but only {available} follow");
            }
            ISampleProvider samples;
            try
            {
                samples = reader.ToSampleProvider();
            }
            catch (ArgumentException e)
            {
                throw Invalid(source, $"its {format.Encoding} encoding with {format.BitsPerSample} bits per sample is not supported", e);
            }
            if (reader.Length < format.BlockAlign)
            {
                throw Invalid(source, "it holds no audio samples");
            }

            var channels = format.Channels;
            if (channels == 2) samples = new StereoToMonoSampleProvider(samples) { LeftVolume = 0.5f, RightVolume = 0.5f };
            else if (channels > 2) samples = new DownmixSampleProvider(samples);
            if (format.SampleRate != sampleRate) samples = new SincResamplingSampleProvider(samples, sampleRate);

            // Read straight into one array sized for the output (grown if the resampler gives more), then trimmed.
            var expected = (long)Math.Ceiling((double)(reader.Length / format.BlockAlign) * sampleRate / format.SampleRate) + 1024;
            var result = new float[(int)Math.Min(expected, Array.MaxLength)];
            var count = 0;
            int read;
            while ((read = samples.Read(result, count, Math.Min(8192, result.Length - count))) > 0)
            {
                count += read;
                if (count == result.Length) Array.Resize(ref result, result.Length + 65536);
            }
            Array.Resize(ref result, count);
            return new AudioClip(result, sampleRate, format.SampleRate, channels);
        }
    }

    private static InvalidDataException Invalid(string source, string why, Exception? inner = null) =>
        new($"{source} is not readable audio: {why}. Expected {ExpectedForm}.", inner);
}
