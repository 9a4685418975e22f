namespace Accelerate.Manifest.Model;

/// <summary>Pooling modes for feature extraction.</summary>
public static class PoolingModes
{
    /// <summary>Average of token vectors weighted by the attention mask (sentence-transformers' default).</summary>
    public const string Mean = "mean";

    /// <summary>The first ([CLS]) token's vector.</summary>
    public const string Cls = "cls";

    /// <summary>Element-wise maximum over unmasked tokens.</summary>
    public const string Max = "max";

    /// <summary>The output is already pooled ([batch, dim]).</summary>
    public const string None = "none";

    /// <summary>All modes.</summary>
    public static IReadOnlyList<string> All { get; } = [Mean, Cls, Max, None];
}

/// <summary>Backend names a manifest may list (the runtime's catalogue has the same names; a test keeps them equal).</summary>
public static class BackendNames
{
    /// <summary>All backend names.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        "cpu", "cuda", "tensorrt", "tensorrt-rtx", "rocm", "migraphx", "openvino", "directml", "coreml", "qnn", "xnnpack",
        "webgpu", "nnapi", "dnnl", "acl", "armnn", "cann", "azure", "vitisai", "snpe", "rknpu", "vsinpu", "webnn",
    ];
}

/// <summary>Tokenizer types.</summary>
public static class TokenizerTypes
{
    /// <summary>BERT-style WordPiece with a vocab.txt.</summary>
    public const string WordPiece = "wordpiece";

    /// <summary>Types the runtime supports.</summary>
    public static IReadOnlyList<string> Supported { get; } = [WordPiece];

    /// <summary>Types recognised but not yet supported (a clearer error than "unknown").</summary>
    public static IReadOnlyList<string> Planned { get; } = ["bpe", "sentencepiece", "unigram", "tiktoken"];
}
