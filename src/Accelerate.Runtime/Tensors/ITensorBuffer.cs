namespace Accelerate.Runtime;

/// <summary>A dense tensor held in a managed array: what <see cref="ModelSession.Run(IReadOnlyList{string}, IReadOnlyList{ITensorBuffer}, IReadOnlyList{string})"/> takes and returns.</summary>
public interface ITensorBuffer
{
    /// <summary>The dimensions, outermost first.</summary>
    long[] Shape { get; }

    /// <summary>The CLR type of one element, e.g. <see cref="float"/> or <see cref="string"/>.</summary>
    Type ElementType { get; }
}
