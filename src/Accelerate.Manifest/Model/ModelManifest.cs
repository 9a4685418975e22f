using Accelerate.Manifest.Diagnostics;

namespace Accelerate.Manifest.Model;

/// <summary>
/// A parsed and validated <c>*.model.json</c> manifest with every default applied.
/// Documented field by field in docs/reference/manifest.md and build/accelerate.model.schema.json.
/// </summary>
public sealed record ModelManifest
{
    /// <summary>Full path of the manifest file.</summary>
    public string FilePath { get; init; } = "";

    /// <summary>C# type name of the generated model class.</summary>
    public string Name { get; init; } = "";

    /// <summary>Namespace of the generated types; null means the project's root namespace.</summary>
    public string? Namespace { get; init; }

    /// <summary>Task name (see <see cref="Tasks.TaskCatalog"/>).</summary>
    public string Task { get; init; } = "";

    /// <summary>Where the ONNX model comes from.</summary>
    public ModelSource Source { get; init; } = new();

    /// <summary>Tokenizer for text tasks.</summary>
    public TokenizerSettings? Tokenizer { get; init; }

    /// <summary>Pooling for feature extraction: mean, cls, max or none.</summary>
    public string Pooling { get; init; } = Manifest.Model.PoolingModes.Mean;

    /// <summary>L2-normalise pooled embeddings.</summary>
    public bool Normalize { get; init; }

    /// <summary>The model output a task method reads; null means the first output.</summary>
    public string? Output { get; init; }

    /// <summary>C# names chosen for ONNX input/output names.</summary>
    public EquatableArray<NameOverride> Names { get; init; } = EquatableArray<NameOverride>.Empty;

    /// <summary>Backends in order of preference.</summary>
    public EquatableArray<string> Backends { get; init; } = new(["cpu"]);

    /// <summary>Default ONNX Runtime session settings.</summary>
    public SessionSettings Session { get; init; } = new();

    /// <summary>Settings for generated tests.</summary>
    public TestSettings Tests { get; init; } = new();

    /// <summary>Settings for generated benchmarks.</summary>
    public BenchmarkSettings Benchmark { get; init; } = new();

    /// <summary>Other precisions of the model (e.g. an int8-quantised file), each tested as its own matrix.</summary>
    public EquatableArray<ModelVariant> Variants { get; init; } = EquatableArray<ModelVariant>.Empty;

    /// <summary>Image preprocessing for image tasks (null for other tasks).</summary>
    public ImageSettings? Image { get; init; }

    /// <summary>Further models a multi-model task chains after <see cref="Source"/>, by role ("models").</summary>
    public EquatableArray<NamedSource> Models { get; init; } = EquatableArray<NamedSource>.Empty;

    /// <summary>Side files of the task, by role ("files").</summary>
    public EquatableArray<NamedSource> Files { get; init; } = EquatableArray<NamedSource>.Empty;

    /// <summary>Class labels in the model's output order ("labels"); empty when the manifest gives none.</summary>
    public EquatableArray<string> Labels { get; init; } = EquatableArray<string>.Empty;

    /// <summary>The task options the manifest sets ("options"); the others keep their defaults.</summary>
    public EquatableArray<OptionValue> Options { get; init; } = EquatableArray<OptionValue>.Empty;

    /// <summary>Every file source of the manifest (model, tokenizer vocabulary, variants, further models, side files).</summary>
    public IEnumerable<ModelSource> AllSources() =>
        new[] { Source, Tokenizer?.Vocab }.Concat(Variants.Select(v => v.Source)).Concat(Models.Select(m => m.Source)).Concat(Files.Select(f => f.Source))
            .Where(s => s is not null).Select(s => s!);

    /// <summary>Where properties stand in the manifest (JSON-pointer-like paths such as "/source/path").</summary>
    public EquatableArray<PropertyLocation> Locations { get; init; } = EquatableArray<PropertyLocation>.Empty;

    /// <summary>Where property values stand (same paths as <see cref="Locations"/>), for diagnostics about a value.</summary>
    public EquatableArray<PropertyLocation> ValueLocations { get; init; } = EquatableArray<PropertyLocation>.Empty;

    /// <summary>
    /// Location of the value of the property at <paramref name="path"/>; when that property is absent, the location of
    /// its nearest parent's name (as <see cref="LocationOf"/>).
    /// </summary>
    public ManifestLocation ValueLocationOf(string path)
    {
        foreach (var entry in ValueLocations)
        {
            if (entry.Path == path) return entry.Location;
        }
        return LocationOf(path);
    }

    /// <summary>Location of the property at <paramref name="path"/>, or of its nearest parent present.</summary>
    public ManifestLocation LocationOf(string path)
    {
        for (var p = path; ; p = p.Substring(0, Math.Max(0, p.LastIndexOf('/'))))
        {
            foreach (var entry in Locations)
            {
                if (entry.Path == p) return entry.Location;
            }
            if (p.Length == 0) return ManifestLocation.FileStart;
        }
    }
}

/// <summary>A precision variant: the same model in another precision (fp16, bf16, int8, uint8, int4) from its own source.</summary>
public sealed record ModelVariant(string Precision, ModelSource Source);

/// <summary>A model or file source under a role key ("models", "files").</summary>
public sealed record NamedSource(string Role, ModelSource Source);

/// <summary>A task option the manifest sets: its name and its value as JSON writes it ("0.3", "true", "greedy").</summary>
public sealed record OptionValue(string Name, string Value);

/// <summary>Where a manifest property (its name, or the value for array items) stands.</summary>
public sealed record PropertyLocation(string Path, ManifestLocation Location);

/// <summary>A C# name chosen for one ONNX input or output name.</summary>
public sealed record NameOverride(string OnnxName, string CSharpName);

/// <summary>The forms a file can come from.</summary>
public enum SourceKind
{
    /// <summary>A file next to (relative to) the manifest, or an absolute path.</summary>
    Path,
    /// <summary>A file inside a NuGet package.</summary>
    PackageFile,
    /// <summary>An embedded resource of an assembly inside a NuGet package.</summary>
    PackageResource,
}

/// <summary>A file source: path, package file or package resource.</summary>
public sealed record ModelSource
{
    /// <summary>Which form this source takes.</summary>
    public SourceKind Kind { get; init; }

    /// <summary>Path (for <see cref="SourceKind.Path"/>), as written.</summary>
    public string? Path { get; init; }

    /// <summary>NuGet package id.</summary>
    public string? Package { get; init; }

    /// <summary>Exact package version.</summary>
    public string? Version { get; init; }

    /// <summary>Path of the file inside the package.</summary>
    public string? File { get; init; }

    /// <summary>Manifest resource name.</summary>
    public string? Resource { get; init; }

    /// <summary>Expected lower-case SHA-256, when the manifest pins one.</summary>
    public string? Sha256 { get; init; }

    /// <summary>A short human description ("path 'x.onnx'", "package A 1.0 file 'b'").</summary>
    public string Describe() => Kind switch
    {
        SourceKind.Path => $"path '{Path}'",
        SourceKind.PackageFile => $"package {Package} {Version} file '{File}'",
        _ => $"package {Package} {Version} resource '{Resource}'",
    };
}

/// <summary>Tokenizer settings.</summary>
public sealed record TokenizerSettings
{
    /// <summary>Tokenizer type (wordpiece).</summary>
    public string Type { get; init; } = "wordpiece";

    /// <summary>Where the vocabulary comes from.</summary>
    public ModelSource Vocab { get; init; } = new();

    /// <summary>Lower-case and strip accents before splitting (uncased BERT models).</summary>
    public bool Lowercase { get; init; } = true;

    /// <summary>Most tokens per text, including the special tokens; longer texts are truncated.</summary>
    public int MaxLength { get; init; } = 512;
}

/// <summary>Default ONNX Runtime session settings compiled into the generated class.</summary>
public sealed record SessionSettings
{
    /// <summary>Intra-op threads; 0 = ONNX Runtime's default.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>Inter-op threads; 0 = ONNX Runtime's default.</summary>
    public int InterOpThreads { get; init; }

    /// <summary>Graph optimisation level: none, basic, extended, all.</summary>
    public string GraphOptimization { get; init; } = "all";
}

/// <summary>Per-precision tolerance.</summary>
public sealed record Tolerance(string Precision, double Value);

/// <summary>Settings for generated tests (used by the test generator).</summary>
public sealed record TestSettings
{
    /// <summary>Absolute tolerance per precision (fp32, fp16, int8, ...).</summary>
    public EquatableArray<Tolerance> Tolerances { get; init; } = new([new Tolerance("fp32", 1e-4)]);

    /// <summary>Sample inputs: texts for text tasks, image paths (relative to the manifest) for image tasks.</summary>
    public EquatableArray<string> Samples { get; init; } = EquatableArray<string>.Empty;

    /// <summary>Ranking checks for embeddings: the anchor must be closer to the positive than to the negative.</summary>
    public EquatableArray<TestTriplet> Triplets { get; init; } = EquatableArray<TestTriplet>.Empty;

    /// <summary>Sizes of symbolic dimensions for generated tensor inputs (unlisted dynamic dimensions are 1).</summary>
    public EquatableArray<DimensionSize> Dimensions { get; init; } = EquatableArray<DimensionSize>.Empty;

    /// <summary>How many generated input cases tensor tests run.</summary>
    public int Cases { get; init; } = 2;
}

/// <summary>An embedding ranking check.</summary>
public sealed record TestTriplet(string Anchor, string Positive, string Negative);

/// <summary>A size for a symbolic dimension.</summary>
public sealed record DimensionSize(string Name, int Size);

/// <summary>Image preprocessing: decode, resize, scale and normalise to the model's input tensor.</summary>
public sealed record ImageSettings
{
    /// <summary>Resize modes.</summary>
    public static IReadOnlyList<string> ResizeModes { get; } = ["crop", "stretch", "pad"];

    /// <summary>Channel orders.</summary>
    public static IReadOnlyList<string> ChannelOrders { get; } = ["rgb", "bgr"];

    /// <summary>Tensor layouts.</summary>
    public static IReadOnlyList<string> Layouts { get; } = ["nchw", "nhwc"];

    /// <summary>Input width in pixels.</summary>
    public int Width { get; init; } = 224;

    /// <summary>Input height in pixels.</summary>
    public int Height { get; init; } = 224;

    /// <summary>
    /// "crop": resize the shorter side then crop the centre; "stretch": resize to width × height; "pad": resize to height
    /// keeping the aspect ratio (width at most "width"), left-aligned, the rest 0 after normalisation (PaddleOCR).
    /// </summary>
    public string Resize { get; init; } = "crop";

    /// <summary>Shorter side before the centre crop; null = width × 256 / 224.</summary>
    public int? ResizeShorterSide { get; init; }

    /// <summary>Pixel bytes are multiplied by this before normalisation.</summary>
    public double Scale { get; init; } = 1.0 / 255.0;

    /// <summary>Per-channel mean subtracted after scaling, in the tensor's channel order (blue first for "bgr").</summary>
    public EquatableArray<double> Mean { get; init; } = new([0.485, 0.456, 0.406]);

    /// <summary>Per-channel standard deviation divided by, in the tensor's channel order (blue first for "bgr").</summary>
    public EquatableArray<double> Std { get; init; } = new([0.229, 0.224, 0.225]);

    /// <summary>"rgb" or "bgr": channel order of the tensor.</summary>
    public string ChannelOrder { get; init; } = "rgb";

    /// <summary>"nchw" or "nhwc".</summary>
    public string Layout { get; init; } = "nchw";
}

/// <summary>Settings for generated benchmarks (used by the benchmark generator).</summary>
public sealed record BenchmarkSettings
{
    /// <summary>Batch sizes to measure.</summary>
    public EquatableArray<int> BatchSizes { get; init; } = new([1]);

    /// <summary>Sequence lengths to measure (text models).</summary>
    public EquatableArray<int> SequenceLengths { get; init; } = new([128]);

    /// <summary>Intra-op thread counts to measure.</summary>
    public EquatableArray<int> Threads { get; init; } = new([1]);
}
