namespace Accelerate.Manifest.Model;

/// <summary>Task names a manifest may give, and which of them have typed methods.</summary>
public static class ModelTasks
{
    /// <summary>Text → pooled embedding vectors.</summary>
    public const string FeatureExtraction = "feature-extraction";

    /// <summary>Raw tensors in, raw tensors out.</summary>
    public const string Tensor = "tensor";

    /// <summary>Image → feature vector (e.g. a CNN's pooled features).</summary>
    public const string ImageFeatureExtraction = "image-feature-extraction";

    /// <summary>Tasks whose typed methods the generator emits.</summary>
    public static IReadOnlyList<string> Generated { get; } = [FeatureExtraction, ImageFeatureExtraction, Tensor];

    /// <summary>Tasks that read images.</summary>
    public static IReadOnlyList<string> ImageTasks { get; } = [ImageFeatureExtraction, "image-classification", "object-detection", "image-segmentation"];

    /// <summary>Every task name the manifest accepts (the rest get the raw tensor API and ACC1008).</summary>
    public static IReadOnlyList<string> Known { get; } =
    [
        FeatureExtraction, Tensor, "text-classification", "token-classification", "fill-mask", "question-answering",
        "image-classification", ImageFeatureExtraction, "object-detection", "image-segmentation",
        "audio-classification", "speech-recognition", "voice-activity-detection", "text-generation",
    ];

    /// <summary>Tasks that read text through a tokenizer.</summary>
    public static IReadOnlyList<string> TextTasks { get; } =
        [FeatureExtraction, "text-classification", "token-classification", "fill-mask", "question-answering"];
}

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
