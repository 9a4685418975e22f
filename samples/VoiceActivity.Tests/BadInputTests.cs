using System.Text.Json.Nodes;
using Accelerate.Runtime;
using Xunit;

namespace VoiceActivity.Tests;

/// <summary>A file that is not WAV audio is a clear exception naming the file and the expected form, never a crash or a hang.</summary>
public sealed class BadInputTests(Recordings recordings) : IClassFixture<Recordings>
{
    private const string Expected = "Expected a RIFF/WAVE file with PCM (8, 16, 24 or 32 bit) or IEEE float samples";

    public static TheoryData<string, byte[], string> Corrupt => new()
    {
        { "empty", [], "it is empty (0 bytes)" },
        { "text", "no audio in here, only some text"u8.ToArray(), "RIFF" },
        { "png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3, 4], "RIFF" },
    };

    [Theory]
    [MemberData(nameof(Corrupt))]
    public void A_corrupt_or_empty_file_names_the_file_and_the_expected_form(string name, byte[] bytes, string why)
    {
        var path = recordings.PathOf(name + ".wav");
        File.WriteAllBytes(path, bytes);
        using var model = new SileroVad();

        var e = Assert.Throws<InvalidDataException>(() => model.Detect(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
        Assert.Contains(Expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_file_says_it_is_truncated()
    {
        var whole = File.ReadAllBytes(recordings.Spoken("The quick brown fox.", 0.5, 0.5).Path);
        var path = recordings.PathOf("cut.wav");
        File.WriteAllBytes(path, whole[..(whole.Length * 2 / 3)]);
        using var model = new SileroVad();

        var e = Assert.Throws<InvalidDataException>(() => model.Detect(path));

        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_FileNotFoundException_with_its_path()
    {
        using var model = new SileroVad();
        var path = Path.Combine(recordings.Folder, "no-such-recording.wav");

        var e = Assert.Throws<FileNotFoundException>(() => model.Detect(path));

        Assert.Equal(path, e.FileName);
    }

    [Fact]
    public void The_host_says_what_a_request_without_audio_needs_and_refuses_bytes_that_are_no_WAV()
    {
        using var host = ModelHost.OpenFromOutput(AppContext.BaseDirectory, "SileroVad");

        var missing = Assert.Throws<ArgumentException>(() => host.Invoke(new JsonObject { ["text"] = "hello" }));
        Assert.Contains("\"audio\" (a WAV file, base64 in JSON)", missing.Message, StringComparison.Ordinal);
        var corrupt = Assert.Throws<InvalidDataException>(() => host.Invoke(new JsonObject { ["audio"] = Convert.ToBase64String("not a wav"u8.ToArray()) }));
        Assert.StartsWith("The WAV bytes is not readable audio", corrupt.Message, StringComparison.Ordinal);
    }
}
