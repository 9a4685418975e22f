using Accelerate.Manifest.Model;

namespace Accelerate.Manifest.Tasks;

/// <summary>What kind of input a task reads.</summary>
public enum TaskModality
{
    /// <summary>Raw tensors.</summary>
    Tensor,

    /// <summary>Texts, through a tokenizer.</summary>
    Text,

    /// <summary>Encoded images.</summary>
    Image,

    /// <summary>Audio (WAV or PCM samples).</summary>
    Audio,
}

/// <summary>A further model file of a multi-model task, under "models" in the manifest.</summary>
/// <param name="Name">The key under "models", e.g. <c>recognizer</c>.</param>
/// <param name="Description">What the model does in the task's chain.</param>
/// <param name="Required">Whether the manifest must name it (ACC1026 otherwise).</param>
public sealed record ModelRole(string Name, string Description, bool Required = true);

/// <summary>A side file of a task, under "files" in the manifest.</summary>
/// <param name="Name">The key under "files", e.g. <c>dictionary</c>.</param>
/// <param name="Description">What the file holds.</param>
/// <param name="Required">Whether the manifest must name it (ACC1026 otherwise).</param>
/// <param name="Extension">The extension the file is copied with when its source does not say (e.g. <c>.txt</c>).</param>
/// <param name="ReadAtBuild">Whether the build reads its lines into the signature (small files whose content becomes
/// generated code, such as labels); the others are read at run time.</param>
public sealed record FileRole(string Name, string Description, bool Required = true, string Extension = ".txt", bool ReadAtBuild = false);

/// <summary>The JSON type of a task option.</summary>
public enum TaskOptionKind
{
    /// <summary>Any finite number.</summary>
    Number,

    /// <summary>A whole number.</summary>
    Integer,

    /// <summary>true or false.</summary>
    Boolean,

    /// <summary>One of <see cref="TaskOption.Choices"/>.</summary>
    Choice,
}

/// <summary>One tunable of a task, under "options" in the manifest.</summary>
/// <param name="Name">The key.</param>
/// <param name="Kind">Its JSON type.</param>
/// <param name="Default">The default, as the manifest would write it ("0.3", "true", "greedy").</param>
/// <param name="Description">What it does (the manifest reference's line).</param>
public sealed record TaskOption(string Name, TaskOptionKind Kind, string Default, string Description)
{
    /// <summary>The smallest allowed number (inclusive).</summary>
    public double Minimum { get; init; } = double.MinValue;

    /// <summary>The largest allowed number (inclusive).</summary>
    public double Maximum { get; init; } = double.MaxValue;

    /// <summary>The allowed values of a <see cref="TaskOptionKind.Choice"/>.</summary>
    public IReadOnlyList<string> Choices { get; init; } = [];
}

/// <summary>
/// A task as a unit of the design: its name, the input it reads, which manifest settings it accepts or requires,
/// the models and files it chains, its options, and its model contract (<see cref="Resolve"/>). The catalogue of all
/// tasks is <see cref="TaskCatalog"/>; generator, runtime host and docs read the same definitions.
/// </summary>
public abstract class TaskDefinition
{
    /// <summary>The manifest's "task" value, e.g. <c>feature-extraction</c>.</summary>
    public abstract string Name { get; }

    /// <summary>What the task reads.</summary>
    public abstract TaskModality Modality { get; }

    /// <summary>One line for the docs and the schema: what the task does and what its typed methods return.</summary>
    public abstract string Summary { get; }

    /// <summary>Whether the generator emits typed task methods (false: only the raw tensor API, ACC1008).</summary>
    public virtual bool HasTypedApi => true;

    /// <summary>The task settings (<see cref="ManifestSettings"/>) it reads; by default those of its modality.</summary>
    public virtual IReadOnlyList<string> Settings => Modality switch
    {
        TaskModality.Text => [ManifestSettings.Tokenizer],
        TaskModality.Image => [ManifestSettings.Image],
        _ => [],
    };

    /// <summary>Settings the manifest must give for this task (ACC1018 for the tokenizer, ACC1026 otherwise).</summary>
    public virtual IReadOnlyList<string> RequiredSettings => [];

    /// <summary>The "tests" settings it uses; by default those of tasks tested on generated tensors.</summary>
    public virtual IReadOnlyList<string> TestSettings => [TestSettingNames.Samples, TestSettingNames.Dimensions, TestSettingNames.Cases];

    /// <summary>Models the task chains after the manifest's "source", under "models".</summary>
    public virtual IReadOnlyList<ModelRole> ModelRoles => [];

    /// <summary>Side files the task reads, under "files".</summary>
    public virtual IReadOnlyList<FileRole> FileRoles => [];

    /// <summary>The tunables under "options".</summary>
    public virtual IReadOnlyList<TaskOption> Options => [];

    /// <summary>Whether the task reads <paramref name="setting"/>.</summary>
    public bool Accepts(string setting) => Settings.Contains(setting);

    /// <summary>Whether the task uses the "tests" setting <paramref name="setting"/>.</summary>
    public bool UsesTestSetting(string setting) => TestSettings.Contains(setting);

    /// <summary>
    /// Checks the inspected models against the task's contract and resolves what its pipeline needs (tensor names,
    /// settings with defaults applied). Reports every mismatch through <paramref name="contract"/> and returns null when
    /// the models do not fit. The generator and the runtime host both call this, so they agree on every model.
    /// </summary>
    public abstract TaskSettings? Resolve(TaskContract contract);
}
