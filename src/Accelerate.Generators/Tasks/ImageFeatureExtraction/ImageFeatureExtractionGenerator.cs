using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Tasks.ImageFeatureExtraction;

namespace Accelerate.Generators.Tasks.ImageFeatureExtraction;

/// <summary>image-feature-extraction: Extract methods over Accelerate.Imaging's ImageFeaturePipeline.</summary>
internal sealed class ImageFeatureExtractionGenerator : TaskGenerator
{
    public override IReadOnlyList<string> Tasks { get; } = [ImageFeatureExtractionTask.TaskName];

    public override string Template => "ImageFeatureExtraction";

    public override TaskGenerator? Check(GenerationContext context)
    {
        if (context.Testing.HasImaging) return this;
        // Without Accelerate.Imaging the class still gets the raw tensor API.
        context.Report(DiagnosticCatalog.ImagingNotReferenced, "/task", [context.Manifest.Task]);
        return For(Manifest.Tasks.Tensor.TensorTask.TaskName);
    }

    public override TestsPart Tests(GenerationContext context)
    {
        var settings = (ImageFeatureExtractionSettings)context.Settings;
        // Image samples are paths relative to the manifest; tests get full paths.
        var samples = context.Manifest.Tests.Samples.Select(context.FullPath).ToEquatableArray();
        return new TestsPart(samples, HasCases: samples.Count > 0, Batchable: settings.Input.BatchDynamic && samples.Count > 0, EquatableArray<TaskCheckSpec>.Empty);
    }

    public override BenchmarksPart Benchmarks(GenerationContext context)
    {
        var input = ((ImageFeatureExtractionSettings)context.Settings).Input;
        var model = context.Model;
        var batches = input.BatchDynamic ? context.Manifest.Benchmark.BatchSizes : new EquatableArray<int>([1]);
        var shapes = batches.Select(batch => new BenchmarkShape(batch, Height: input.Height, Width: input.Width)).ToEquatableArray();
        var images = context.Manifest.Tests.Samples.Select(context.FullPath).ToEquatableArray();
        if (!model.HasCreate)
        {
            return new BenchmarksPart(shapes, null, EquatableArray<InputFill>.Empty, images, HasEndToEnd: images.Count > 0);
        }
        var arguments = model.CreateParameters.Select((_, i) => i == 0 && input.BatchDynamic ? new CreateArgument("batch") : new CreateArgument("fixed", 1)).ToEquatableArray();
        var fill = new EquatableArray<InputFill>([new InputFill(model.Inputs[0].PropertyName, model.Inputs[0].ClrType, 0.5)]);
        return new BenchmarksPart(shapes, arguments, fill, images, HasEndToEnd: images.Count > 0);
    }
}
