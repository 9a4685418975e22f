using System.Collections.Immutable;
using Accelerate.Generators.Tests.Support;
using Microsoft.CodeAnalysis;

namespace Accelerate.Generators.Tests;

/// <summary>The BenchmarkDotNet suites generated in projects that reference BenchmarkDotNet and Accelerate.Benchmarks.</summary>
public sealed class BenchmarkGenerationTests
{
    /// <summary>What a benchmark project references: the model's runtime, Accelerate.Benchmarks, BenchmarkDotNet, Accelerate.Imaging.</summary>
    private static readonly ImmutableArray<MetadataReference> BenchmarkReferences =
    [
        .. GeneratorHarness.ImagingReferences,
        MetadataReference.CreateFromFile(typeof(Accelerate.Audio.WavAudio).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(Accelerate.Benchmarks.ModelBenchmark).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(BenchmarkDotNet.Attributes.BenchmarkAttribute).Assembly.Location),
        MetadataReference.CreateFromFile(typeof(BenchmarkDotNet.Attributes.MemoryDiagnoserAttribute).Assembly.Location),
    ];

    private static string BenchmarksSource(GeneratorRun run, string stem) =>
        run.Sources.Single(s => s.Key.StartsWith(stem + ".", StringComparison.Ordinal) && s.Key.EndsWith(".Benchmarks.g.cs", StringComparison.Ordinal)).Value;

    [Fact]
    public void Without_BenchmarkDotNet_and_Accelerate_Benchmarks_no_suite_is_generated()
    {
        var run = GeneratorHarness.RunWith(GeneratorHarness.ImagingReferences, MatrixModels.MiniLm());

        Assert.DoesNotContain(run.Sources.Keys, k => k.EndsWith(".Benchmarks.g.cs", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_model_suite_measures_the_manifests_batches_times_sequence_lengths_raw_and_end_to_end()
    {
        var manifest = MatrixModels.MiniLmManifest.Replace("\"backends\":", "\"benchmark\": { \"batchSizes\": [1, 8], \"sequenceLengths\": [16, 128], \"threads\": [1, 2] },\n  \"backends\":", StringComparison.Ordinal);
        var path = TestModels.ManifestPath(MatrixModels.MiniLmFileName);

        var run = GeneratorHarness.RunWith(BenchmarkReferences, TestModels.ManifestFile(MatrixModels.MiniLmFileName, manifest), TestModels.SignatureFile(TestModels.MiniLm(path)));

        var source = BenchmarksSource(run, "MiniLm");
        Assert.Contains("public class MiniLmBenchmarks : global::Accelerate.Benchmarks.ModelBenchmark", source, StringComparison.Ordinal);
        foreach (var shape in new[] { "(1, 16)", "(1, 128)", "(8, 16)", "(8, 128)" })
        {
            Assert.Contains("new global::Accelerate.Benchmarks.TextShape" + shape, source, StringComparison.Ordinal);
        }
        Assert.Contains("SelectThreads(new int[] { 1, 2 })", source, StringComparison.Ordinal);
        Assert.Contains("AvailableBackends(\"cuda\", \"cpu\")", source, StringComparison.Ordinal);
        Assert.Contains("MiniLmInputs.Create(Shape.Batch, Shape.Sequence)", source, StringComparison.Ordinal);
        Assert.Contains("public global::Search.MiniLmOutputs Raw()", source, StringComparison.Ordinal);
        Assert.Contains("return _model.Embed(_items);", source, StringComparison.Ordinal);
        Assert.Contains("InjectedDelay();", source, StringComparison.Ordinal);
        Assert.True(run.CompileProblems.Count == 0, string.Join("\n", run.CompileProblems));
    }

    [Fact]
    public void Image_model_with_a_fixed_batch_measures_one_image_size_and_extracts_its_sample_images()
    {
        var run = GeneratorHarness.RunWith(BenchmarkReferences, MatrixModels.ResNet18());

        var source = BenchmarksSource(run, "Resnet18");
        Assert.Contains("new global::Accelerate.Benchmarks.ImageShape(1, 224, 224)", source, StringComparison.Ordinal);
        Assert.DoesNotContain("ImageShape(8,", source, StringComparison.Ordinal);
        Assert.Contains("images/sunset.png", source, StringComparison.Ordinal);
        Assert.Contains("return _model.Extract(_items);", source, StringComparison.Ordinal);
        Assert.True(run.CompileProblems.Count == 0, string.Join("\n", run.CompileProblems));
    }

    [Fact]
    public void Image_classifier_with_a_dynamic_batch_measures_each_batch_size_and_classifies_end_to_end()
    {
        var run = GeneratorHarness.RunWith(BenchmarkReferences, MatrixModels.TextDirection());

        var source = BenchmarksSource(run, "TextDirection");
        Assert.Contains("new global::Accelerate.Benchmarks.ImageShape(1, 48, 192)", source, StringComparison.Ordinal);
        Assert.Contains("public global::System.Collections.Generic.IReadOnlyList<global::Accelerate.Imaging.LabelScore>[] EndToEnd()", source, StringComparison.Ordinal);
        Assert.Contains("return _model.Classify(_items);", source, StringComparison.Ordinal);
        Assert.True(run.CompileProblems.Count == 0, string.Join("\n", run.CompileProblems));
    }

    [Fact]
    public void Voice_activity_suite_runs_one_frame_raw_and_detects_speech_in_10_seconds_end_to_end()
    {
        var run = GeneratorHarness.RunWith(BenchmarkReferences, MatrixModels.SileroVad());

        var source = BenchmarksSource(run, "SileroVad");
        Assert.Contains("new global::Accelerate.Benchmarks.TensorShape(1, \"10s\")", source, StringComparison.Ordinal);
        // One frame: [1, 576] audio (64 context + 512), state [2, 1, 128], sr = 16000.
        Assert.Contains("_inputs = global::Search.SileroVadInputs.Create(1, 576, 1);", source, StringComparison.Ordinal);
        Assert.Contains("global::System.Array.Fill(_inputs.Sr.Data, 16000L);", source, StringComparison.Ordinal);
        Assert.Contains("public global::System.Collections.Generic.IReadOnlyList<global::Accelerate.Audio.SpeechSegment>[] EndToEnd()", source, StringComparison.Ordinal);
        Assert.Contains("return _model.Detect(_items);", source, StringComparison.Ordinal);
        Assert.Contains("global::Accelerate.Audio.WavAudio.WriteRepeated(s_recordings, \"SileroVad\", 10)", source, StringComparison.Ordinal);
        Assert.True(run.CompileProblems.Count == 0, string.Join("\n", run.CompileProblems));
    }

    [Fact]
    public void Ocr_measures_the_detector_on_its_largest_input_and_reads_each_image_end_to_end()
    {
        var run = GeneratorHarness.RunWith(BenchmarkReferences, MatrixModels.Ocr());

        var source = BenchmarksSource(run, "Ocr");
        Assert.Contains("new global::Accelerate.Benchmarks.ImageShape(1, 960, 960)", source, StringComparison.Ordinal);
        Assert.Contains("Create(Shape.Batch, 960, 960)", source, StringComparison.Ordinal);
        Assert.Contains("public global::System.Collections.Generic.IReadOnlyList<global::Accelerate.Imaging.OcrLine>[] EndToEnd()", source, StringComparison.Ordinal);
        Assert.Contains("return _model.Read(_items);", source, StringComparison.Ordinal);
        Assert.Contains("images/receipt.png", source, StringComparison.Ordinal);
        Assert.True(run.CompileProblems.Count == 0, string.Join("\n", run.CompileProblems));
    }

    [Fact]
    public void Tensor_model_whose_inputs_share_a_dynamic_batch_feeds_the_case_batch_and_the_manifests_dimensions()
    {
        var run = GeneratorHarness.RunWith(BenchmarkReferences, MatrixModels.Reranker());

        var source = BenchmarksSource(run, "Reranker");
        Assert.Contains("new global::Accelerate.Benchmarks.TensorShape(", source, StringComparison.Ordinal);
        Assert.Contains("Create(Shape.Batch", source, StringComparison.Ordinal);
        Assert.DoesNotContain("EndToEnd", source, StringComparison.Ordinal);
        Assert.True(run.CompileProblems.Count == 0, string.Join("\n", run.CompileProblems));
    }
}
