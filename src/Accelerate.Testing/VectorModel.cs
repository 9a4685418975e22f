using Accelerate.Runtime;

namespace Accelerate.Testing;

/// <summary>One vector per input: the adapter behind <see cref="ModelsUnderTest.Vectors"/>.</summary>
internal class VectorModel<TModel> : IModelUnderTest
    where TModel : IDisposable
{
    private readonly TModel _model;
    private readonly IReadOnlyList<string> _inputs;
    private readonly Func<TModel, string, float[]> _one;
    private readonly Func<TModel, IReadOnlyList<string>, float[][]>? _many;
    private readonly bool _inputsAreText;
    private readonly string _outputName;
    private readonly string[] _labels;

    public VectorModel(TModel model, ModelSession session, IReadOnlyList<string> inputs, Func<TModel, string, float[]> one, Func<TModel, IReadOnlyList<string>, float[][]>? many, bool inputsAreText, string outputName)
    {
        _model = model;
        Session = session;
        _inputs = inputs.ToArray();
        _one = one;
        _many = many;
        _inputsAreText = inputsAreText;
        _outputName = outputName;
        _labels = _inputs.Select(Label).ToArray();
    }

    public ModelSession Session { get; }

    public string CannotBatchReason => "the model class has no batched method";

    public IReadOnlyList<CaseOutputs> RunEach()
    {
        var results = new CaseOutputs[_inputs.Count];
        for (var i = 0; i < results.Length; i++)
        {
            results[i] = ToCase(i, _one(_model, _inputs[i]));
        }

        return results;
    }

    public IReadOnlyList<CaseOutputs>? RunBatch()
    {
        if (_many is null)
        {
            return null;
        }

        var vectors = _many(_model, _inputs);
        if (vectors.Length != _inputs.Count)
        {
            throw new InvalidOperationException($"The batched call returned {vectors.Length} vectors for {_inputs.Count} inputs.");
        }

        return vectors.Select((v, i) => ToCase(i, v)).ToArray();
    }

    /// <summary>Runs the single-input method on any input (a text for text models).</summary>
    protected float[] One(string input) => _one(_model, input);

    public void Dispose() => _model.Dispose();

    private CaseOutputs ToCase(int index, float[] vector) =>
        new(_labels[index], [new NamedTensor(_outputName, [vector.Length], Array.ConvertAll(vector, v => (double)v))]);

    // Non-text inputs are usually paths: label them by file name so goldens recorded on one machine match on another.
    private string Label(string input) =>
        _inputsAreText || !Path.IsPathRooted(input) ? input : Path.GetFileName(input);
}

/// <summary>A <see cref="VectorModel{TModel}"/> whose inputs are texts: it also embeds any other text.</summary>
internal sealed class TextVectorModel<TModel>(TModel model, ModelSession session, IReadOnlyList<string> inputs, Func<TModel, string, float[]> one, Func<TModel, IReadOnlyList<string>, float[][]>? many, string outputName)
    : VectorModel<TModel>(model, session, inputs, one, many, inputsAreText: true, outputName), ITextEmbedder
    where TModel : IDisposable
{
    public float[] EmbedText(string text) => One(text);
}
