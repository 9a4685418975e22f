namespace Accelerate.Runtime;

/// <summary>The tensor task's pipeline: the model's session and nothing around it (the typed Run API calls it directly).</summary>
public sealed class TensorPipeline : ITaskPipeline
{
    private TensorPipeline(ModelSession session) => Session = session;

    /// <inheritdoc />
    public ModelSession Session { get; }

    /// <summary>Opens the model (see <see cref="ModelSession.Open(string, IReadOnlyList{string}, AccelerateSessionOptions?)"/>).</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="defaultBackends">The manifest's backends, used when the options name none.</param>
    /// <param name="options">Backends and ONNX Runtime settings.</param>
    /// <returns>The pipeline; dispose it.</returns>
    public static TensorPipeline Open(string modelPath, IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? options) =>
        new(ModelSession.Open(modelPath, defaultBackends, options));

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();
}
