using System.Globalization;
using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Tasks;
using Accelerate.Manifest.Tasks.Tensor;

namespace Accelerate.Generators.Tasks.Tensor;

/// <summary>The tensor task (and every task without typed methods yet): the raw API only, tested and measured on generated tensors.</summary>
internal sealed class TensorGenerator : TaskGenerator
{
    public override IReadOnlyList<string> Tasks { get; } = [TensorTask.TaskName];

    public override string Template => "Tensor";

    public override TestsPart Tests(GenerationContext context) =>
        new(EquatableArray<string>.Empty, HasCases: true, Batchable: BatchSymbol(context) is not null, EquatableArray<TaskCheckSpec>.Empty);

    public override BenchmarksPart Benchmarks(GenerationContext context)
    {
        var model = context.Model;
        var manifest = context.Manifest;
        // The batch dimension is the first input's first dimension when every input shares it and it is dynamic.
        var batchSymbol = BatchSymbol(context);
        var batches = batchSymbol is null ? new EquatableArray<int>([1]) : manifest.Benchmark.BatchSizes;
        int SizeOf(DimensionParameter p) => manifest.Tests.Dimensions.FirstOrDefault(d => d.Name == p.Symbol)?.Size ?? 1;
        var sizes = string.Join("x", model.CreateParameters.Where(p => p.Symbol is null || p.Symbol != batchSymbol).Select(p => SizeOf(p).ToString(CultureInfo.InvariantCulture)));
        var shapes = batches.Select(batch => new BenchmarkShape(batch, Sizes: sizes.Length == 0 ? "fixed" : sizes)).ToEquatableArray();
        var arguments = model.HasCreate
            ? model.CreateParameters.Select(p => p.Symbol is not null && p.Symbol == batchSymbol ? new CreateArgument("batch") : new CreateArgument("fixed", SizeOf(p))).ToEquatableArray()
            : (EquatableArray<CreateArgument>?)null;
        return new BenchmarksPart(shapes, arguments, EquatableArray<InputFill>.Empty, EquatableArray<string>.Empty, HasEndToEnd: false);
    }

    private static string? BatchSymbol(GenerationContext context)
    {
        var first = context.Signature.Inputs.Select(i => i.Shape is { Count: > 0 } s ? s[0] : null).ToList();
        return first.Count > 0 && first.All(d => d is { Value: null, Param: not null }) && first.Select(d => d!.Param).Distinct().Count() == 1 ? first[0]!.Param : null;
    }
}
