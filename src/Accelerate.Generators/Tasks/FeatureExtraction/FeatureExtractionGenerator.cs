using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Tasks.FeatureExtraction;

namespace Accelerate.Generators.Tasks.FeatureExtraction;

/// <summary>feature-extraction: Embed methods over Accelerate.Runtime's TextEmbeddingPipeline, embedding checks, Embed benchmarks.</summary>
internal sealed class FeatureExtractionGenerator : TaskGenerator
{
    private static readonly string[] DefaultSamples = ["Hello world!", "The quick brown fox jumps over the lazy dog."];

    public override IReadOnlyList<string> Tasks { get; } = [FeatureExtractionTask.TaskName];

    public override string Template => "FeatureExtraction";

    public override TaskGenerator? Check(GenerationContext context)
    {
        if (!string.IsNullOrEmpty(context.Signature.VocabFile)) return this;
        // The generated constructor loads VocabFile; without it the class would not compile.
        context.Report(DiagnosticCatalog.InvalidSignature, "/tokenizer", [context.SignaturePath, "it names no vocabulary file, which the tokenizer needs"]);
        return null;
    }

    public override TestsPart Tests(GenerationContext context)
    {
        var settings = (FeatureExtractionSettings)context.Settings;
        var tests = context.Manifest.Tests;
        var checks = new List<TaskCheckSpec>();
        if (settings.Normalize) checks.Add(new("HasUnitNorm", "Embeddings on {backend} have unit length (the manifest normalises them)."));
        if (tests.Triplets.Count > 0) checks.Add(new("RanksSimilarAboveDissimilar", "On {backend}, each anchor is closer to its positive than to its negative."));
        return new TestsPart(tests.Samples.Count > 0 ? tests.Samples : DefaultSamples.ToEquatableArray(), HasCases: true, Batchable: true, checks.ToEquatableArray());
    }

    public override BenchmarksPart Benchmarks(GenerationContext context)
    {
        var settings = (FeatureExtractionSettings)context.Settings;
        var b = context.Manifest.Benchmark;
        var model = context.Model;
        var shapes = b.BatchSizes.SelectMany(batch => b.SequenceLengths.Select(seq => new BenchmarkShape(batch, Sequence: seq))).ToEquatableArray();
        // Raw inputs [batch, sequence]: a valid token id everywhere, a full attention mask.
        if (!model.HasCreate || model.CreateParameters.Count != 2)
        {
            return new BenchmarksPart(shapes, null, EquatableArray<InputFill>.Empty, EquatableArray<string>.Empty, HasEndToEnd: true);
        }
        var fill = new List<InputFill>();
        foreach (var input in model.Inputs)
        {
            if (input.OnnxName == settings.InputIdsName) fill.Add(new InputFill(input.PropertyName, input.ClrType, 1000));
            else if (input.OnnxName == settings.AttentionMaskName) fill.Add(new InputFill(input.PropertyName, input.ClrType, 1));
        }
        return new BenchmarksPart(shapes, new EquatableArray<CreateArgument>([new CreateArgument("batch"), new CreateArgument("sequence")]), fill.ToEquatableArray(),
            EquatableArray<string>.Empty, HasEndToEnd: true);
    }
}
