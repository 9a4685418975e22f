using Accelerate.Runtime;

namespace Accelerate.Testing;

/// <summary>Adapters that turn a generated model class or a bare session into an <see cref="IModelUnderTest"/>.</summary>
public static class ModelsUnderTest
{
    /// <summary>
    /// A model that maps each input (a text, an image path, ...) to one vector, e.g. a text embedding or image feature model.
    /// Each case has one output, <paramref name="outputName"/>, of shape <c>[dimensions]</c>.
    /// </summary>
    /// <typeparam name="TModel">The generated model class; disposed with the returned object.</typeparam>
    /// <param name="model">The opened model.</param>
    /// <param name="session">Gets the model's session.</param>
    /// <param name="inputs">The cases, e.g. the manifest's sample texts.</param>
    /// <param name="one">Runs one input.</param>
    /// <param name="many">Runs all inputs in one batched call; <see langword="null"/> when the model cannot batch.</param>
    /// <param name="inputsAreText">Whether inputs are texts (labels are the texts, and the model is an <see cref="ITextEmbedder"/>).
    /// Otherwise inputs are treated as file paths and labelled by file name, so goldens do not depend on the machine.</param>
    /// <param name="outputName">The name the vector gets in goldens and reports.</param>
    /// <returns>The model under test.</returns>
    public static IModelUnderTest Vectors<TModel>(
        TModel model,
        Func<TModel, ModelSession> session,
        IReadOnlyList<string> inputs,
        Func<TModel, string, float[]> one,
        Func<TModel, IReadOnlyList<string>, float[][]>? many,
        bool inputsAreText,
        string outputName = "embedding")
        where TModel : IDisposable
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(one);
        ArgumentNullException.ThrowIfNull(outputName);
        return inputsAreText
            ? new TextVectorModel<TModel>(model, session(model), inputs, one, many, outputName)
            : new VectorModel<TModel>(model, session(model), inputs, one, many, inputsAreText, outputName);
    }

    /// <summary>
    /// A model fed deterministic pseudo-random inputs built from the session's input metadata: floats uniform in [0, 1),
    /// integers in [0, 10), booleans alternating, strings single letters <c>a</c>..<c>z</c>. Every tensor output with a
    /// numeric or boolean element type is compared.
    /// </summary>
    /// <param name="session">The opened session; disposed with the returned object.</param>
    /// <param name="dimensions">Sizes of symbolic dimensions by name; unnamed or unlisted dynamic dimensions are 1.</param>
    /// <param name="cases">How many differently seeded input sets to run.</param>
    /// <param name="seed">The seed of the first case; case <c>i</c> uses <c>seed + i</c>.</param>
    /// <returns>The model under test. <see cref="IModelUnderTest.RunBatch"/> concatenates the cases along the first axis
    /// when every input's first dimension is the same dynamic dimension, and returns <see langword="null"/> otherwise.</returns>
    public static IModelUnderTest Tensors(ModelSession session, IReadOnlyDictionary<string, long> dimensions, int cases = 2, int seed = 20261129)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(dimensions);
        ArgumentOutOfRangeException.ThrowIfLessThan(cases, 1);
        return new TensorModel(session, dimensions, cases, seed);
    }
}
