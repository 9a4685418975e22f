namespace Accelerate.Runtime;

/// <summary>How per-token outputs become one vector per text.</summary>
public enum Pooling
{
    /// <summary>The average over the text's tokens (padding excluded), as sentence-transformers' mean pooling.</summary>
    Mean,

    /// <summary>The output at the first token (<c>[CLS]</c>).</summary>
    Cls,

    /// <summary>The per-dimension maximum over the text's tokens (padding excluded).</summary>
    Max,

    /// <summary>No pooling: the output must already be one row per text, <c>[batch, dimensions]</c>.</summary>
    None,
}
