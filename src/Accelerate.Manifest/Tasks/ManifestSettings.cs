namespace Accelerate.Manifest.Tasks;

/// <summary>
/// The manifest's task settings: top-level properties that only some tasks use. A task lists the ones it accepts
/// (<see cref="TaskDefinition.Settings"/>); the others are reported (ACC1023) and dropped.
/// </summary>
public static class ManifestSettings
{
    /// <summary>How texts become token ids.</summary>
    public const string Tokenizer = "tokenizer";

    /// <summary>How token vectors become one vector.</summary>
    public const string Pooling = "pooling";

    /// <summary>L2 normalisation of vectors.</summary>
    public const string Normalize = "normalize";

    /// <summary>The model output a task method reads.</summary>
    public const string Output = "output";

    /// <summary>Image decoding, resizing and normalisation.</summary>
    public const string Image = "image";

    /// <summary>Class labels, in the model's output order.</summary>
    public const string Labels = "labels";

    /// <summary>The task's own tunables (thresholds, sizes), declared by <see cref="TaskDefinition.Options"/>.</summary>
    public const string Options = "options";

    /// <summary>Further model files a task chains after "source", by role.</summary>
    public const string Models = "models";

    /// <summary>Side files a task reads (a character dictionary, a labels file), by role.</summary>
    public const string Files = "files";

    /// <summary>Every task setting, in the order the manifest reference documents them.</summary>
    public static IReadOnlyList<string> All { get; } = [Tokenizer, Pooling, Normalize, Output, Image, Labels, Options, Models, Files];
}

/// <summary>The settings under "tests" that only some tasks use.</summary>
public static class TestSettingNames
{
    /// <summary>Sample inputs (texts, image paths, audio paths).</summary>
    public const string Samples = "samples";

    /// <summary>Ranking checks of embeddings.</summary>
    public const string Triplets = "triplets";

    /// <summary>Sizes of symbolic dimensions for generated tensor inputs.</summary>
    public const string Dimensions = "dimensions";

    /// <summary>How many generated tensor input cases run.</summary>
    public const string Cases = "cases";
}
