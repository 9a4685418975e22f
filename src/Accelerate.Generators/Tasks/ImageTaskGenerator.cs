using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Tasks;

namespace Accelerate.Generators.Tasks;

/// <summary>
/// What the image tasks' generators share (image-feature-extraction, image-classification): they need Accelerate.Imaging
/// (without it, ACC3006 and the raw tensor API), their tests run the manifest's sample images (full paths beside the
/// manifest), and their benchmarks measure the image size per batch size plus one end-to-end case over the samples.
/// </summary>
internal abstract class ImageTaskGenerator : TaskGenerator
{
    /// <summary>The image input the task's contract resolved.</summary>
    protected abstract ImageInput InputOf(TaskSettings settings);

    public override TaskGenerator? Check(GenerationContext context) => RequireImaging(this, context);

    /// <summary>
    /// <paramref name="generator"/> when the compilation references Accelerate.Imaging; otherwise ACC3006 and the tensor
    /// task's generator (the class still gets the raw tensor API). Every task that decodes images checks this.
    /// </summary>
    public static TaskGenerator RequireImaging(TaskGenerator generator, GenerationContext context)
    {
        if (context.Testing.HasImaging) return generator;
        context.Report(DiagnosticCatalog.ImagingNotReferenced, "/task", [context.Manifest.Task]);
        return For(Manifest.Tasks.Tensor.TensorTask.TaskName);
    }

    public override TestsPart Tests(GenerationContext context)
    {
        // Image samples are paths relative to the manifest; tests get full paths.
        var samples = context.Manifest.Tests.Samples.Select(context.FullPath).ToEquatableArray();
        return new TestsPart(samples, HasCases: samples.Count > 0, Batchable: InputOf(context.Settings).BatchDynamic && samples.Count > 0, TaskChecks(context));
    }

    /// <summary>The task's own checks (methods of its test base class); none by default.</summary>
    protected virtual EquatableArray<TaskCheckSpec> TaskChecks(GenerationContext context) => EquatableArray<TaskCheckSpec>.Empty;

    public override BenchmarksPart Benchmarks(GenerationContext context)
    {
        var input = InputOf(context.Settings);
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
