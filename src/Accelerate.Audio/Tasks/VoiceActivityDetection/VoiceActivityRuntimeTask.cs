using System.Text.Json.Nodes;
using Accelerate.Manifest.Tasks.VoiceActivityDetection;
using Accelerate.Runtime;

namespace Accelerate.Audio;

/// <summary>Voice activity detection in the runtime host: WAV bytes in, speech segments out.</summary>
public sealed class VoiceActivityRuntimeTask : IRuntimeTask
{
    /// <inheritdoc />
    public string Name => VoiceActivityDetectionTask.TaskName;

    /// <inheritdoc />
    public ITaskPipeline Open(HostContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var settings = (VoiceActivitySettings)context.Settings;
        return VoiceActivityPipeline.Open(context.ModelPath, context.DefaultBackends, context.Options, TensorsOf(settings), SegmentationOf(settings));
    }

    /// <summary>Finds the speech in <see cref="TaskRequest.Audio"/>.</summary>
    /// <returns><c>{"segments": [{"start": 0.61, "end": 1.89}, ...], "duration": 3.2, "frames": 100}</c>: seconds, and the frames run.</returns>
    public JsonNode Invoke(ITaskPipeline pipeline, TaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Audio is not { } audio) throw TaskRequest.Needs(Name, "\"audio\" (a WAV file, base64 in JSON)");
        var vad = (VoiceActivityPipeline)pipeline;
        var clip = WavAudio.Read(audio, VoiceActivityPipeline.SampleRate);
        var probabilities = vad.FrameProbabilities(clip.Samples);
        var segments = SpeechSegmenter.Segments(probabilities, VoiceActivityPipeline.FrameSamples, clip.Samples.Length, VoiceActivityPipeline.SampleRate, vad.Segmentation);
        return new JsonObject
        {
            ["segments"] = ToJson(segments),
            ["duration"] = clip.Duration,
            ["frames"] = probabilities.Length,
        };
    }

    /// <summary>Segments as JSON: <c>[{"start": 0.61, "end": 1.89}, ...]</c> (seconds).</summary>
    /// <param name="segments">The segments, in the order to write.</param>
    public static JsonArray ToJson(IEnumerable<SpeechSegment> segments) =>
        new(segments.Select(s => (JsonNode?)new JsonObject { ["start"] = s.Start, ["end"] = s.End }).ToArray());

    /// <summary>The model's tensor names as the task's contract resolved them.</summary>
    /// <param name="settings">The resolved settings.</param>
    public static VoiceActivityTensors TensorsOf(VoiceActivitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.AudioInput, settings.StateInput, settings.SampleRateInput, settings.SampleRateIsVector, settings.ProbabilityOutput, settings.StateOutput, settings.StateShape.ToArray());
    }

    /// <summary>The manifest's segmentation options.</summary>
    /// <param name="settings">The resolved settings.</param>
    public static SegmentationOptions SegmentationOf(VoiceActivitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(settings.Threshold, settings.MinSilenceMs, settings.MinSpeechMs, settings.SpeechPadMs);
    }
}
