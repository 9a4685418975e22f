namespace Accelerate.Manifest.Tasks.Tensor;

/// <summary>Raw tensors in, raw tensors out: the typed Run API only, for any model.</summary>
public sealed class TensorTask : TaskDefinition
{
    /// <summary>The task's name.</summary>
    public const string TaskName = "tensor";

    /// <inheritdoc />
    public override string Name => TaskName;

    /// <inheritdoc />
    public override TaskModality Modality => TaskModality.Tensor;

    /// <inheritdoc />
    public override string Summary => "Any model: typed inputs and outputs (Run, Inputs.Create, Outputs.Create), no task methods.";

    /// <inheritdoc />
    public override TaskSettings? Resolve(TaskContract contract) => new TensorSettings();
}

/// <summary>The tensor task needs nothing beyond the signature.</summary>
public sealed record TensorSettings : TaskSettings;
