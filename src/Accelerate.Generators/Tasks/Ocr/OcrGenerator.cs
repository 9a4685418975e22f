using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Tasks.Ocr;

namespace Accelerate.Generators.Tasks.Ocr;

/// <summary>
/// ocr: Read methods over Accelerate.Imaging's OcrPipeline (detector = the manifest's source, recognizer and optional
/// direction classifier under "models", dictionary under "files"). Tests compare each sample image's lines (count,
/// scores, boxes, text as code points) with goldens; benchmarks measure the detector alone on its largest input
/// (limitSideLength²) and Read end to end per sample image.
/// </summary>
internal sealed class OcrGenerator : TaskGenerator
{
    public override IReadOnlyList<string> Tasks { get; } = [OcrTask.TaskName];

    public override string Template => "Ocr";

    public override TaskGenerator? Check(GenerationContext context) => ImageTaskGenerator.RequireImaging(this, context);

    public override TestsPart Tests(GenerationContext context)
    {
        var samples = context.Manifest.Tests.Samples.Select(context.FullPath).ToEquatableArray();
        return new TestsPart(samples, HasCases: samples.Count > 0, Batchable: false, EquatableArray<TaskCheckSpec>.Empty);
    }

    public override BenchmarksPart Benchmarks(GenerationContext context)
    {
        var settings = (OcrSettings)context.Settings;
        var side = settings.LimitSideLength / 32 * 32;
        var shapes = new EquatableArray<BenchmarkShape>([new BenchmarkShape(1, Height: side, Width: side)]);
        var images = context.Manifest.Tests.Samples.Select(context.FullPath).ToEquatableArray();
        var model = context.Model;
        if (!model.HasCreate)
        {
            return new BenchmarksPart(shapes, null, EquatableArray<InputFill>.Empty, images, HasEndToEnd: images.Count > 0);
        }
        // The detector's input [batch, 3, height, width]: its dynamic dims are the batch, then height and width.
        var arguments = model.CreateParameters.Select((_, i) => i == 0 ? new CreateArgument("batch") : new CreateArgument("fixed", side)).ToEquatableArray();
        var fill = new EquatableArray<InputFill>([new InputFill(model.Inputs[0].PropertyName, model.Inputs[0].ClrType, 0.5)]);
        return new BenchmarksPart(shapes, arguments, fill, images, HasEndToEnd: images.Count > 0);
    }
}
