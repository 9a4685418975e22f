using Accelerate.Runtime;

namespace Accelerate.Audio;

/// <summary>The tensor names of a Silero-style voice activity model and the shape of its recurrent state.</summary>
/// <param name="AudioInput">The float [1, 576] input: 64 samples of context, then the frame's 512.</param>
/// <param name="StateInput">The float recurrent state input.</param>
/// <param name="SampleRateInput">The int64 sample rate input.</param>
/// <param name="SampleRateIsVector">Whether the sample rate is passed as [1] rather than a scalar.</param>
/// <param name="ProbabilityOutput">The float [1, 1] speech probability output.</param>
/// <param name="StateOutput">The output holding the state for the next frame.</param>
/// <param name="StateShape">The state's shape for one stream, e.g. [2, 1, 128].</param>
public sealed record VoiceActivityTensors(string AudioInput, string StateInput, string SampleRateInput, bool SampleRateIsVector, string ProbabilityOutput, string StateOutput, IReadOnlyList<long> StateShape);

/// <summary>
/// Speech segments in audio with Silero VAD (v5/v6), run the way its own streaming code runs it (silero-vad's
/// <c>OnnxWrapper</c>, LiveKit's <c>OnnxModel</c>): the audio as 16 kHz mono (<see cref="WavAudio"/> resamples and
/// down-mixes), cut into 512-sample frames (32 ms; a last partial frame is not run), each frame run with the last 64
/// samples before it in front (zeros for the first) and the state the previous frame returned (zeros for the first:
/// every call starts a new stream), giving one speech probability per frame; <see cref="SpeechSegmenter"/> turns them
/// into segments. Thread-safe (each call has its own state); owns its session.
/// </summary>
public sealed class VoiceActivityPipeline : ITaskPipeline
{
    /// <summary>The sample rate the model runs at.</summary>
    public const int SampleRate = 16000;

    /// <summary>New samples per frame.</summary>
    public const int FrameSamples = 512;

    /// <summary>Samples before the frame put in front of it.</summary>
    public const int ContextSamples = 64;

    /// <summary>How far below the threshold a probability must fall to count as silence (Silero's neg_threshold).</summary>
    public const double SilenceMargin = 0.15;

    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly long[] _stateShape;
    private readonly bool _rateIsVector;

    private VoiceActivityPipeline(ModelSession session, VoiceActivityTensors tensors, SegmentationOptions segmentation)
    {
        Session = session;
        Tensors = tensors;
        Segmentation = segmentation;
        _inputNames = [tensors.AudioInput, tensors.StateInput, tensors.SampleRateInput];
        _outputNames = [tensors.ProbabilityOutput, tensors.StateOutput];
        _stateShape = tensors.StateShape.ToArray();
        _rateIsVector = tensors.SampleRateIsVector;
    }

    /// <inheritdoc />
    public ModelSession Session { get; }

    /// <summary>The model's tensor names.</summary>
    public VoiceActivityTensors Tensors { get; }

    /// <summary>How frame probabilities become segments.</summary>
    public SegmentationOptions Segmentation { get; }

    /// <summary>Opens the model.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="defaultBackends">The manifest's backends, used when the options name none.</param>
    /// <param name="options">Backends and ONNX Runtime settings.</param>
    /// <param name="tensors">The model's tensor names and state shape.</param>
    /// <param name="segmentation">Threshold and durations.</param>
    /// <returns>The pipeline; dispose it.</returns>
    public static VoiceActivityPipeline Open(string modelPath, IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? options,
        VoiceActivityTensors tensors, SegmentationOptions segmentation)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(segmentation);
        segmentation.Validate();
        if (tensors.StateShape.Count == 0 || tensors.StateShape.Any(d => d < 1)) throw new ArgumentException("The state shape needs positive sizes.", nameof(tensors));
        return new VoiceActivityPipeline(ModelSession.Open(modelPath, defaultBackends, options), tensors, segmentation);
    }

    /// <summary>The speech segments of a WAV file (any rate and channel count).</summary>
    /// <param name="wavPath">The .wav file.</param>
    /// <returns>The segments, in order, in seconds.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a readable WAV file.</exception>
    public IReadOnlyList<SpeechSegment> Detect(string wavPath) => Detect(WavAudio.ReadFile(wavPath, SampleRate));

    /// <summary>The speech segments of WAV audio in a stream (read to its end; not disposed).</summary>
    /// <param name="wav">A stream holding a WAV file.</param>
    /// <returns>The segments, in order, in seconds.</returns>
    /// <exception cref="InvalidDataException">The stream is not a readable WAV file.</exception>
    public IReadOnlyList<SpeechSegment> Detect(Stream wav) => Detect(WavAudio.Read(wav, SampleRate));

    /// <summary>The speech segments of WAV audio held in memory.</summary>
    /// <param name="wav">The bytes of a WAV file.</param>
    /// <returns>The segments, in order, in seconds.</returns>
    /// <exception cref="InvalidDataException">The bytes are not a readable WAV file.</exception>
    public IReadOnlyList<SpeechSegment> Detect(ReadOnlySpan<byte> wav) => Detect(WavAudio.Read(wav, SampleRate));

    /// <summary>The speech segments of several WAV files, each its own stream; results keep the input order.</summary>
    /// <param name="wavPaths">The .wav files.</param>
    /// <returns>The segments of each file.</returns>
    public IReadOnlyList<SpeechSegment>[] Detect(IReadOnlyList<string> wavPaths)
    {
        ArgumentNullException.ThrowIfNull(wavPaths);
        return wavPaths.Select(Detect).ToArray();
    }

    /// <summary>The speech segments of a mono clip.</summary>
    /// <param name="clip">Mono audio; resampled first when it is not at 16 kHz.</param>
    /// <returns>The segments, in order, in seconds.</returns>
    public IReadOnlyList<SpeechSegment> Detect(AudioClip clip)
    {
        ArgumentNullException.ThrowIfNull(clip);
        if (clip.SampleRate != SampleRate) throw new ArgumentException($"The clip is at {clip.SampleRate} Hz; the model runs at {SampleRate} Hz (read it with WavAudio at {SampleRate}).", nameof(clip));
        return SpeechSegmenter.Segments(FrameProbabilities(clip.Samples), FrameSamples, clip.Samples.Length, SampleRate, Segmentation);
    }

    /// <summary>The speech probability of every 32 ms frame of a WAV file (what the goldens record).</summary>
    /// <param name="wavPath">The .wav file.</param>
    /// <returns>One probability per full 512-sample frame at 16 kHz.</returns>
    public float[] FrameProbabilities(string wavPath) => FrameProbabilities(WavAudio.ReadFile(wavPath, SampleRate).Samples);

    /// <summary>The speech probability of every 512-sample frame of 16 kHz mono samples.</summary>
    /// <param name="samples">16 kHz mono samples.</param>
    /// <returns>One probability per full frame; a last partial frame is not run.</returns>
    public float[] FrameProbabilities(ReadOnlySpan<float> samples)
    {
        var frames = samples.Length / FrameSamples;
        var result = new float[frames];
        if (frames == 0) return result;
        var window = new float[ContextSamples + FrameSamples];
        var audio = new TensorBuffer<float>(window, [1, window.Length]);
        var state = TensorBuffer<float>.Zeros(_stateShape);
        var rate = new TensorBuffer<long>([SampleRate], _rateIsVector ? [1] : []);
        var probability = TensorBuffer<float>.Zeros([1, 1]);
        var next = TensorBuffer<float>.Zeros(_stateShape);
        ReadOnlySpan<ITensorBuffer> inputs = [audio, state, rate];
        ReadOnlySpan<ITensorBuffer> outputs = [probability, next];
        for (var f = 0; f < frames; f++)
        {
            // The last 64 samples the model saw lead the next frame.
            window.AsSpan(FrameSamples, ContextSamples).CopyTo(window);
            samples.Slice(f * FrameSamples, FrameSamples).CopyTo(window.AsSpan(ContextSamples));
            Session.Run(_inputNames, inputs, _outputNames, outputs);
            result[f] = probability.Data[0];
            next.Data.CopyTo(state.Data, 0);
        }
        return result;
    }

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();
}
