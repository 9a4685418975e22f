namespace Accelerate.Manifest.Tasks.Planned;

/// <summary>
/// A task manifests may already name, whose typed methods are not generated yet (ACC1008): the class gets the raw
/// tensor API, tested on generated tensors. It accepts the settings of its modality so manifests can be written now.
/// </summary>
public sealed class PlannedTask(string name, TaskModality modality) : TaskDefinition
{
    /// <inheritdoc />
    public override string Name { get; } = name;

    /// <inheritdoc />
    public override TaskModality Modality { get; } = modality;

    /// <inheritdoc />
    public override string Summary => "No typed methods yet: the raw tensor API (Run, Inputs, Outputs).";

    /// <inheritdoc />
    public override bool HasTypedApi => false;

    /// <inheritdoc />
    public override TaskSettings? Resolve(TaskContract contract) => new Tensor.TensorSettings();
}
