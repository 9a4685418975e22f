namespace Accelerate.Runtime;

/// <summary>How much ONNX Runtime rewrites the graph before running it.</summary>
public enum GraphOptimization
{
    /// <summary>No rewrites: the graph runs as stored.</summary>
    None,

    /// <summary>Provider-independent rewrites such as constant folding and redundant node removal.</summary>
    Basic,

    /// <summary>Basic plus fusions of common subgraphs (attention, GELU, layer normalisation).</summary>
    Extended,

    /// <summary>Extended plus layout optimisations; ONNX Runtime's default.</summary>
    All,
}
