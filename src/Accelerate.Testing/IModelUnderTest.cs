using Accelerate.Runtime;

namespace Accelerate.Testing;

/// <summary>
/// A model opened on one backend, seen the way the matrix checks need it: a fixed list of cases run one at a time or
/// batched. Create one with <see cref="ModelsUnderTest"/>; disposing it disposes the model.
/// </summary>
public interface IModelUnderTest : IDisposable
{
    /// <summary>The session the model runs on (its backend, load time and metadata).</summary>
    ModelSession Session { get; }

    /// <summary>Runs every case, one model call per case, in case order.</summary>
    /// <returns>One entry per case.</returns>
    IReadOnlyList<CaseOutputs> RunEach();

    /// <summary>Runs all cases in one batched call.</summary>
    /// <returns>One entry per case, in case order; <see langword="null"/> when the model cannot batch.</returns>
    IReadOnlyList<CaseOutputs>? RunBatch();

    /// <summary>Why <see cref="RunBatch"/> returns <see langword="null"/>, shown as the skip reason of the batch check.</summary>
    string CannotBatchReason => "the model has no batched entry point";
}

/// <summary>A model under test that embeds any text (text embedding models), for checks that compare texts.</summary>
public interface ITextEmbedder
{
    /// <summary>Embeds a text.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>The embedding.</returns>
    float[] EmbedText(string text);
}
