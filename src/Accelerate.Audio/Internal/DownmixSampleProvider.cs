using NAudio.Wave;

namespace Accelerate.Audio.Internal;

/// <summary>
/// Mono from any number of interleaved channels, each frame the mean of its channels (sox's <c>-c 1</c>). NAudio has
/// this for two channels only (<see cref="NAudio.Wave.SampleProviders.StereoToMonoSampleProvider"/>).
/// </summary>
internal sealed class DownmixSampleProvider : ISampleProvider
{
    private readonly ISampleProvider _source;
    private readonly int _channels;
    private float[] _buffer = [];

    public DownmixSampleProvider(ISampleProvider source)
    {
        _source = source;
        _channels = source.WaveFormat.Channels;
        WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(source.WaveFormat.SampleRate, 1);
    }

    public WaveFormat WaveFormat { get; }

    public int Read(float[] buffer, int offset, int count)
    {
        var needed = count * _channels;
        if (_buffer.Length < needed) _buffer = new float[needed];
        var read = _source.Read(_buffer, 0, needed);
        var frames = read / _channels;
        for (var f = 0; f < frames; f++)
        {
            var sum = 0f;
            for (var c = 0; c < _channels; c++) sum += _buffer[f * _channels + c];
            buffer[offset + f] = sum / _channels;
        }
        return frames;
    }
}
