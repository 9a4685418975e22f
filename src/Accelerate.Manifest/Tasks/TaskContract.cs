using System.Globalization;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;

namespace Accelerate.Manifest.Tasks;

/// <summary>What a task resolves: the task's own record of tensor names and settings (see each task's folder).</summary>
public abstract record TaskSettings;

/// <summary>
/// What <see cref="TaskDefinition.Resolve"/> works from: the manifest, the inspected models, and where to report a
/// mismatch. Reports carry a manifest path ("/task", "/output") so the generator places them on the manifest's line and
/// the runtime host quotes them in its exception.
/// </summary>
public sealed class TaskContract
{
    private readonly Action<DiagnosticDefinition, string, object?[]> _report;

    /// <summary>Creates the context of one resolution.</summary>
    /// <param name="definition">The task.</param>
    /// <param name="manifest">The parsed manifest.</param>
    /// <param name="signature">The inspected main model ("source"), with the other models and files it chains.</param>
    /// <param name="report">Receives each problem: catalogue entry, manifest path, message arguments.</param>
    public TaskContract(TaskDefinition definition, ModelManifest manifest, ModelSignature signature, Action<DiagnosticDefinition, string, object?[]> report)
    {
        Definition = definition;
        Manifest = manifest;
        Signature = signature;
        _report = report;
    }

    /// <summary>The task.</summary>
    public TaskDefinition Definition { get; }

    /// <summary>The manifest.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>The main model's signature.</summary>
    public ModelSignature Signature { get; }

    /// <summary>Whether anything was reported.</summary>
    public bool HasErrors { get; private set; }

    /// <summary>The inspected model of a role under "models", or null when the manifest names none.</summary>
    public ModelSignature? Model(string role) => Signature.Models.FirstOrDefault(m => m.Role == role)?.Signature;

    /// <summary>The side file of a role under "files", or null when the manifest names none.</summary>
    public RoleFile? File(string role) => Signature.Files.FirstOrDefault(f => f.Role == role);

    /// <summary>Reports a problem at <paramref name="path"/>.</summary>
    public void Report(DiagnosticDefinition definition, string path, params object?[] args)
    {
        HasErrors |= definition.Severity == DiagnosticSeverityLevel.Error;
        _report(definition, path, args);
    }

    /// <summary>ACC3003: the model does not fit the task, because <paramref name="why"/>.</summary>
    public void Mismatch(string path, string why) => Report(DiagnosticCatalog.TaskSignatureMismatch, path, Manifest.Name, Definition.Name, why);

    /// <summary>ACC3004 for an output the manifest names that the model does not have.</summary>
    public void UnknownOutput(string path, string name, ModelSignature model) =>
        Report(DiagnosticCatalog.UnknownTensorName, path, Manifest.Name, "output", name, Suggestions.DidYouMean(name, model.Outputs.Select(o => o.Name)), TensorList(model.Outputs));

    /// <summary>The value of a number option: the manifest's, or the option's default.</summary>
    public double Number(string option) => double.Parse(Raw(option), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>The value of an integer option.</summary>
    public int Integer(string option) => (int)Number(option);

    /// <summary>The value of a boolean option.</summary>
    public bool Boolean(string option) => Raw(option) == "true";

    /// <summary>The value of a choice option.</summary>
    public string Choice(string option) => Raw(option);

    private string Raw(string option) =>
        Manifest.Options.FirstOrDefault(o => o.Name == option)?.Value
        ?? Definition.Options.FirstOrDefault(o => o.Name == option)?.Default
        ?? throw new ArgumentException($"Task '{Definition.Name}' has no option '{option}'.", nameof(option));

    /// <summary>"float [batch, 3, 224, 224]".</summary>
    public static string Describe(TensorSignature t) =>
        (t.ElementType ?? t.Kind) + " [" + (t.Shape is { } s ? string.Join(", ", s.Select(d => d.ToString())) : "?") + "]";

    /// <summary>"input_ids (int64 [batch, sequence]), attention_mask (…)".</summary>
    public static string TensorList(IEnumerable<TensorSignature> tensors) =>
        string.Join(", ", tensors.Select(t => $"{t.Name} ({Describe(t)})"));
}
