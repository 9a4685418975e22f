using System.Globalization;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;

namespace Accelerate.Manifest.Tasks.VoiceActivityDetection;

/// <summary>
/// Speech segments in audio, Silero VAD's way (v5/v6): 16 kHz mono audio cut into 512-sample frames, each run with the
/// previous frame's last 64 samples in front (576 inputs) and the recurrent state of the frame before, giving one
/// speech probability per frame (32 ms); frames become segments with Silero's hysteresis (speech starts at a probability
/// of at least <c>threshold</c>, ends after <c>minSilenceMs</c> below <c>threshold − 0.15</c>). The options default to
/// Silero's own (<c>get_speech_timestamps</c>).
/// </summary>
public sealed class VoiceActivityDetectionTask : TaskDefinition
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "voice-activity-detection";

    /// <summary>The sample rate the model runs at.</summary>
    public const int SampleRate = 16000;

    /// <summary>New samples per frame at 16 kHz (32 ms).</summary>
    public const int FrameSamples = 512;

    /// <summary>Samples of the previous frame put in front of each frame at 16 kHz.</summary>
    public const int ContextSamples = 64;

    /// <summary>How far below <c>threshold</c> a probability must fall to count as silence (Silero's <c>neg_threshold</c>).</summary>
    public const double SilenceMargin = 0.15;

    /// <inheritdoc />
    public override string Name => TaskName;

    /// <inheritdoc />
    public override TaskModality Modality => TaskModality.Audio;

    /// <inheritdoc />
    public override string Summary => "Speech in audio: Detect(path | stream | bytes) → speech segments with start and end in seconds; FrameProbabilities → one speech probability per 32 ms frame (Silero VAD, stateful, 16 kHz; other rates and channel counts are resampled and down-mixed).";

    /// <inheritdoc />
    public override IReadOnlyList<string> Settings { get; } = [ManifestSettings.Options];

    /// <inheritdoc />
    public override IReadOnlyList<string> TestSettings { get; } = [TestSettingNames.Samples];

    /// <inheritdoc />
    public override IReadOnlyList<TaskOption> Options { get; } =
    [
        new("threshold", TaskOptionKind.Number, "0.5", "A frame whose speech probability is at least this starts (or continues) speech; speech ends only below threshold − 0.15 (Silero's threshold and neg_threshold).") { Minimum = 0.15, Maximum = 1 },
        new("minSilenceMs", TaskOptionKind.Integer, "100", "Speech ends after this many milliseconds below threshold − 0.15 (min_silence_duration_ms).") { Minimum = 0, Maximum = 600000 },
        new("minSpeechMs", TaskOptionKind.Integer, "250", "Segments this short or shorter are dropped (min_speech_duration_ms).") { Minimum = 0, Maximum = 600000 },
        new("speechPadMs", TaskOptionKind.Integer, "30", "Each segment is widened by this on both sides, at most to half the silence between two segments (speech_pad_ms).") { Minimum = 0, Maximum = 60000 },
    ];

    /// <inheritdoc />
    public override TaskSettings? Resolve(TaskContract contract)
    {
        var model = contract.Signature;
        var audio = model.Inputs.Where(t => t.ElementType == "float" && t.Shape is { Count: 2 }).ToList();
        var state = model.Inputs.Where(t => t.ElementType == "float" && t.Shape is { Count: 3 }).ToList();
        var rate = model.Inputs.Where(t => t.ElementType == "int64" && (t.Shape is null || t.Shape.Value.Count == 0 || t.Shape is { Count: 1 } s && s[0].Value is null or 1)).ToList();
        if (model.Inputs.Count != 3 || audio.Count != 1 || state.Count != 1 || rate.Count != 1)
        {
            contract.Mismatch("/source", "a Silero-style voice activity model has three inputs: audio float [batch, samples], recurrent state float [2, batch, 128] and sample rate int64 [] (inputs: " + TaskContract.TensorList(model.Inputs) + ")");
            return null;
        }
        var window = FrameSamples + ContextSamples;
        if (audio[0].Shape!.Value[1].Value is { } samples && samples != window)
        {
            contract.Report(DiagnosticCatalog.AudioWindowMismatch, "/source", contract.Manifest.Name, audio[0].Name, TaskContract.Describe(audio[0]),
                window.ToString(CultureInfo.InvariantCulture));
            return null;
        }

        var probability = model.Outputs.Where(t => t.ElementType == "float" && t.Shape is { Count: 2 } s && s[1].Value is null or 1).ToList();
        if (probability.Count != 1)
        {
            contract.Mismatch("/source", "a voice activity model has one speech probability output float [batch, 1] (outputs: " + TaskContract.TensorList(model.Outputs) + ")");
            return null;
        }
        var stateShape = state[0].Shape!.Value;
        // The state output: a float output of the state's rank whose fixed sizes agree with the state's (Silero declares
        // stateN [?, ?, ?]); when several fit, the one named after the state input ("state" → "stateN").
        var stateOut = model.Outputs.Where(t => t != probability[0] && t.ElementType == "float" && t.Shape is { } s && Compatible(s, stateShape)).ToList();
        if (stateOut.Count > 1) stateOut = stateOut.Where(t => t.Name.StartsWith(state[0].Name, StringComparison.Ordinal)).ToList();
        if (stateOut.Count != 1)
        {
            contract.Report(DiagnosticCatalog.RecurrentStateMismatch, "/source", contract.Manifest.Name, state[0].Name, TaskContract.Describe(state[0]), TaskContract.TensorList(model.Outputs));
            return null;
        }
        // The state of one stream: dynamic dimensions (the batch) are 1.
        var stateSizes = stateShape.Select(d => d.Value ?? 1).ToEquatableArray();
        if (contract.HasErrors) return null;
        return new VoiceActivitySettings(audio[0].Name, state[0].Name, rate[0].Name, rate[0].Shape is { Count: 1 }, probability[0].Name, stateOut[0].Name, stateSizes,
            contract.Number("threshold"), contract.Integer("minSilenceMs"), contract.Integer("minSpeechMs"), contract.Integer("speechPadMs"));
    }

    // Same rank, and no dimension fixed to different sizes on the two sides.
    private static bool Compatible(EquatableArray<Dimension> a, EquatableArray<Dimension> b) =>
        a.Count == b.Count && Enumerable.Range(0, a.Count).All(i => a[i].Value is null || b[i].Value is null || a[i].Value == b[i].Value);
}

/// <summary>What a Silero voice activity pipeline needs: the model's tensor names, its state size and the segmentation settings.</summary>
/// <param name="AudioInput">The float [batch, 576] audio input (64 samples of context, then the frame's 512).</param>
/// <param name="StateInput">The float recurrent state input, e.g. [2, batch, 128].</param>
/// <param name="SampleRateInput">The int64 sample rate input.</param>
/// <param name="SampleRateIsVector">Whether the sample rate input is [1] rather than a scalar.</param>
/// <param name="ProbabilityOutput">The float [batch, 1] speech probability output.</param>
/// <param name="StateOutput">The output carrying the state to the next frame.</param>
/// <param name="StateShape">The state's shape for one stream (dynamic dimensions are 1).</param>
/// <param name="Threshold">Speech starts at a probability of at least this.</param>
/// <param name="MinSilenceMs">Speech ends after this long below <c>Threshold − 0.15</c>.</param>
/// <param name="MinSpeechMs">Shorter segments are dropped.</param>
/// <param name="SpeechPadMs">Segments are widened by this on both sides.</param>
public sealed record VoiceActivitySettings(
    string AudioInput,
    string StateInput,
    string SampleRateInput,
    bool SampleRateIsVector,
    string ProbabilityOutput,
    string StateOutput,
    EquatableArray<long> StateShape,
    double Threshold,
    int MinSilenceMs,
    int MinSpeechMs,
    int SpeechPadMs) : TaskSettings;
