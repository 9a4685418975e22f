using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Tasks.VoiceActivityDetection;

namespace Accelerate.Generators.Tasks.VoiceActivityDetection;

/// <summary>
/// voice-activity-detection: Detect and FrameProbabilities methods over Accelerate.Audio's VoiceActivityPipeline (without
/// Accelerate.Audio, ACC3010 and the raw tensor API). Its tests compare the manifest's sample recordings' frame
/// probabilities with goldens (one stream per file, so no batch check); its benchmarks measure one Silero frame raw
/// (576 samples, the state, sr = 16000) and Detect end to end on 10 s of audio made by repeating the samples.
/// </summary>
internal sealed class VoiceActivityDetectionGenerator : TaskGenerator
{
    /// <summary>Seconds of audio the end-to-end benchmark detects speech in (its time ÷ this = time per second of audio).</summary>
    public const int BenchmarkSeconds = 10;

    public override IReadOnlyList<string> Tasks { get; } = [VoiceActivityDetectionTask.TaskName];

    public override string Template => "VoiceActivityDetection";

    public override DiagnosticDefinition NoSamplesDiagnostic => DiagnosticCatalog.NoAudioTestSamples;

    public override TaskGenerator? Check(GenerationContext context)
    {
        if (context.Testing.HasAudio) return this;
        // Without Accelerate.Audio the class still gets the raw tensor API.
        context.Report(DiagnosticCatalog.AudioNotReferenced, "/task", [context.Manifest.Task]);
        return For(Manifest.Tasks.Tensor.TensorTask.TaskName);
    }

    public override TestsPart Tests(GenerationContext context)
    {
        // Recordings are paths relative to the manifest; tests get full paths.
        var samples = context.Manifest.Tests.Samples.Select(context.FullPath).ToEquatableArray();
        return new TestsPart(samples, HasCases: samples.Count > 0, Batchable: false, EquatableArray<TaskCheckSpec>.Empty);
    }

    public override BenchmarksPart Benchmarks(GenerationContext context)
    {
        var settings = (VoiceActivitySettings)context.Settings;
        var model = context.Model;
        var recordings = context.Manifest.Tests.Samples.Select(context.FullPath).ToEquatableArray();
        var shapes = new EquatableArray<BenchmarkShape>([new BenchmarkShape(1, Sizes: BenchmarkSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) + "s")]);
        if (!model.HasCreate)
        {
            return new BenchmarksPart(shapes, null, EquatableArray<InputFill>.Empty, recordings, HasEndToEnd: recordings.Count > 0);
        }
        // Raw: one frame. The audio input's samples are 576 (64 context + 512), every other dynamic size (the batch) 1.
        var audio = model.Inputs.First(i => i.OnnxName == settings.AudioInput);
        var samplesParameter = audio.Dimensions.Count == 2 ? audio.Dimensions[1].ParameterName : null;
        var arguments = model.CreateParameters
            .Select(p => new CreateArgument("fixed", p.Name == samplesParameter ? VoiceActivityDetectionTask.FrameSamples + VoiceActivityDetectionTask.ContextSamples : 1))
            .ToEquatableArray();
        var rate = model.Inputs.First(i => i.OnnxName == settings.SampleRateInput);
        var fill = new EquatableArray<InputFill>([
            new InputFill(audio.PropertyName, audio.ClrType, 0.01),
            new InputFill(rate.PropertyName, rate.ClrType, VoiceActivityDetectionTask.SampleRate),
        ]);
        return new BenchmarksPart(shapes, arguments, fill, recordings, HasEndToEnd: recordings.Count > 0);
    }
}
