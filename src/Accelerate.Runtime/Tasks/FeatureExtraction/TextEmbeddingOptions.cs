namespace Accelerate.Runtime;

/// <summary>How a <see cref="TextEmbeddingPipeline"/> feeds a model and turns its output into embeddings. Immutable.</summary>
public sealed class TextEmbeddingOptions
{
    /// <summary>The most tokens per text, <c>[CLS]</c> and <c>[SEP]</c> included; longer texts are truncated (default 512).</summary>
    public int MaxLength { get; init; } = 512;

    /// <summary>How token outputs become one vector per text (default <see cref="Pooling.Mean"/>).</summary>
    public Pooling Pooling { get; init; } = Pooling.Mean;

    /// <summary>Whether to scale each embedding to unit L2 norm (default <see langword="false"/>).</summary>
    public bool Normalize { get; init; }

    /// <summary>The model input that takes token ids (default <c>input_ids</c>).</summary>
    public string InputIdsName { get; init; } = "input_ids";

    /// <summary>The model input that takes the attention mask, if the model has it (default <c>attention_mask</c>).</summary>
    public string? AttentionMaskName { get; init; } = "attention_mask";

    /// <summary>The model input that takes token type ids (all zero), if the model has it (default <c>token_type_ids</c>).</summary>
    public string? TokenTypeIdsName { get; init; } = "token_type_ids";

    /// <summary>The model output to pool; <see langword="null"/> for the model's first output.</summary>
    public string? OutputName { get; init; }

    /// <summary>The most texts per model run when embedding a list (default 32).</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Whether the WordPiece tokenizer lower-cases and strips accents (uncased models; default <see langword="true"/>).</summary>
    public bool Lowercase { get; init; } = true;
}
