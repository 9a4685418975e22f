using System.Buffers.Binary;
using Accelerate.Audio.Tests.Support;

namespace Accelerate.Audio.Tests;

/// <summary>
/// WAV reading against sox, the reference tool for these conversions. Where no resampling happens (16-bit PCM at the
/// target rate, down-mixing at the target rate) the samples must equal exactly (or to float rounding); resampling
/// cannot be sample-exact (NAudio's WDL resampler and sox's band-limited "rate" effect use different filters), so there
/// the comparison is the relative RMS error after the best alignment, and what the model makes of both.
/// </summary>
public sealed class WavAudioTests(AudioFiles files, ITestOutputHelper output) : IClassFixture<AudioFiles>
{
    private const string Sentence = "The quick brown fox jumps over the lazy dog.";

    [Fact]
    public void Sixteen_bit_mono_at_the_target_rate_is_the_samples_divided_by_32768()
    {
        var path = files.Sox(files.Speech(Sentence, "speech.wav"), "s16k.wav", 16000, 1);

        var clip = WavAudio.ReadFile(path, 16000);

        var pcm = Pcm16(path);
        Assert.Equal(pcm.Length, clip.Samples.Length);
        for (var i = 0; i < pcm.Length; i++) Assert.Equal(pcm[i] / 32768f, clip.Samples[i]);
        Assert.Equal((16000, 1), (clip.SourceSampleRate, clip.SourceChannels));
    }

    [Fact]
    public void Stereo_at_44_1_kHz_is_down_mixed_and_resampled_like_sox_within_2_percent_rms()
    {
        // Left: the speech; right: the speech at half level, so a wrong channel weighting shows.
        var speech = files.Speech(Sentence, "speech.wav");
        var stereo = files.Sox(speech, "stereo44k.wav", 44100, 2, "remix", "1", "1v0.5");
        var bySox = files.PathOf("sox16k.wav");
        Tools.Run("sox", stereo, "-r", "16000", "-c", "1", "-e", "floating-point", "-b", "32", bySox);

        var ours = WavAudio.ReadFile(stereo, 16000);
        var sox = WavAudio.ReadFile(bySox, 16000);

        Assert.Equal((44100, 2), (ours.SourceSampleRate, ours.SourceChannels));
        Assert.InRange(ours.Samples.Length, sox.Samples.Length - 64, sox.Samples.Length + 64);
        var (lag, error) = BestAlignment(ours.Samples, sox.Samples, maxLag: 64);
        output.WriteLine($"44.1 kHz stereo -> 16 kHz mono: {ours.Samples.Length} samples (sox {sox.Samples.Length}), relative RMS error {error:E3} at lag {lag}");
        Assert.True(error < 0.02, $"relative RMS error {error:E3} at lag {lag}");
        Assert.InRange(lag, -2, 2);
    }

    [Fact]
    public void Eight_kHz_is_upsampled_like_sox_within_2_percent_rms()
    {
        var speech = files.Speech(Sentence, "speech.wav");
        var low = files.Sox(speech, "s8k.wav", 8000, 1);
        var bySox = files.PathOf("sox8to16.wav");
        Tools.Run("sox", low, "-r", "16000", "-e", "floating-point", "-b", "32", bySox);

        var ours = WavAudio.ReadFile(low, 16000);
        var sox = WavAudio.ReadFile(bySox, 16000);

        var (lag, error) = BestAlignment(ours.Samples, sox.Samples, maxLag: 64);
        output.WriteLine($"8 kHz -> 16 kHz: {ours.Samples.Length} samples (sox {sox.Samples.Length}), relative RMS error {error:E3} at lag {lag}");
        Assert.True(error < 0.02, $"relative RMS error {error:E3} at lag {lag}");
        Assert.InRange(lag, -2, 2);
    }

    [Fact]
    public void Four_channels_are_averaged_as_sox_does()
    {
        var speech = files.Sox(files.Speech(Sentence, "speech.wav"), "s16k.wav", 16000, 1);
        var quad = files.PathOf("quad.wav");
        Tools.Run("sox", speech, "-e", "floating-point", "-b", "32", quad, "remix", "1", "1v0.5", "1v0.25", "1v-0.125");
        var bySox = files.PathOf("quad-mono.wav");
        Tools.Run("sox", quad, "-c", "1", "-e", "floating-point", "-b", "32", bySox);

        var ours = WavAudio.ReadFile(quad, 16000);
        var sox = WavAudio.ReadFile(bySox, 16000);

        Assert.Equal(4, ours.SourceChannels);
        Assert.Equal(sox.Samples.Length, ours.Samples.Length);
        for (var i = 0; i < sox.Samples.Length; i++) Assert.Equal(sox.Samples[i], ours.Samples[i], 1e-6f);
    }

    [Fact]
    public void Stream_and_bytes_read_like_the_file()
    {
        var path = files.Sox(files.Speech(Sentence, "speech.wav"), "s22k.wav", 22050, 2);

        var byPath = WavAudio.ReadFile(path, 16000).Samples;

        Assert.Equal(byPath, WavAudio.Read(File.ReadAllBytes(path), 16000).Samples);
        using var stream = File.OpenRead(path);
        Assert.Equal(byPath, WavAudio.Read(stream, 16000).Samples);
    }

    public static TheoryData<string, byte[], string> BadFiles => new()
    {
        { "empty", [], "it is empty" },
        { "text", "this is not audio at all, just text"u8.ToArray(), "RIFF" },
        { "riff-only", "RIFF\x04\0\0\0WAVE"u8.ToArray(), "" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void A_file_that_is_no_WAV_names_the_file_and_the_expected_form(string name, byte[] bytes, string why)
    {
        var path = files.PathOf(name + ".wav");
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<InvalidDataException>(() => WavAudio.ReadFile(path, 16000));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(WavAudio.ExpectedForm, e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_says_it_is_truncated()
    {
        var whole = File.ReadAllBytes(files.Sox(files.Speech(Sentence, "speech.wav"), "s16k.wav", 16000, 1));
        var path = files.PathOf("truncated.wav");
        File.WriteAllBytes(path, whole[..(whole.Length / 2)]);

        var e = Assert.Throws<InvalidDataException>(() => WavAudio.ReadFile(path, 16000));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_WAV_without_samples_says_so()
    {
        var path = files.Generated("nothing.wav", 0);

        var e = Assert.Throws<InvalidDataException>(() => WavAudio.ReadFile(path, 16000));

        Assert.Contains("holds no audio samples", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unsupported_encoding_names_it()
    {
        var path = files.PathOf("alaw.wav");
        Tools.Run("sox", files.Speech(Sentence, "speech.wav"), "-e", "a-law", path);

        var e = Assert.Throws<InvalidDataException>(() => WavAudio.ReadFile(path, 16000));

        Assert.Contains("ALaw", e.Message, StringComparison.Ordinal);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_no_WAV_say_which_input_it_was()
    {
        var e = Assert.Throws<InvalidDataException>(() => WavAudio.Read("not a wav"u8, 16000));

        Assert.StartsWith("The WAV bytes is not readable audio", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_FileNotFoundException_with_its_path()
    {
        var path = files.PathOf("no-such.wav");

        var e = Assert.Throws<FileNotFoundException>(() => WavAudio.ReadFile(path, 16000));

        Assert.Equal(path, e.FileName);
    }

    /// <summary>The 16-bit samples of a PCM WAV as sox wrote them (canonical 44-byte header).</summary>
    private static short[] Pcm16(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var data = bytes.AsSpan(44);
        var samples = new short[data.Length / 2];
        for (var i = 0; i < samples.Length; i++) samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(2 * i)..]);
        return samples;
    }

    /// <summary>The lag (ours shifted by it) with the smallest RMS difference, and that difference relative to the reference's RMS.</summary>
    internal static (int Lag, double Error) BestAlignment(float[] ours, float[] reference, int maxLag)
    {
        var best = (Lag: 0, Error: double.MaxValue);
        for (var lag = -maxLag; lag <= maxLag; lag++)
        {
            double diff = 0, energy = 0;
            var n = 0;
            for (var i = maxLag; i < reference.Length - maxLag; i++)
            {
                var j = i + lag;
                if (j < 0 || j >= ours.Length) continue;
                var d = ours[j] - reference[i];
                diff += d * d;
                energy += (double)reference[i] * reference[i];
                n++;
            }
            var error = n == 0 || energy == 0 ? double.MaxValue : Math.Sqrt(diff / energy);
            if (error < best.Error) best = (lag, error);
        }
        return best;
    }
}
