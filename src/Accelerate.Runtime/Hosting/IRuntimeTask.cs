using System.Text.Json.Nodes;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;
using Accelerate.Manifest.Tasks;

namespace Accelerate.Runtime;

/// <summary>
/// A task as the runtime host knows it: how to open its pipeline from a manifest and run it on a JSON-friendly request.
/// Each task's runtime folder has one (public, with a parameterless constructor); <see cref="RuntimeTaskCatalog"/> finds
/// them in Accelerate.Runtime and the task packages (Accelerate.Imaging, Accelerate.Audio) without a list to keep.
/// </summary>
public interface IRuntimeTask
{
    /// <summary>The manifest's "task" value.</summary>
    string Name { get; }

    /// <summary>Opens the task's pipeline.</summary>
    /// <param name="context">The manifest, its signature, the resolved settings and where the files are.</param>
    /// <returns>The pipeline; the host disposes it.</returns>
    ITaskPipeline Open(HostContext context);

    /// <summary>Runs the task once.</summary>
    /// <param name="pipeline">A pipeline this task opened.</param>
    /// <param name="request">The input: text, image or audio bytes, or tensors.</param>
    /// <returns>The task's structured result (documented per task in docs/reference/runtime-host.md).</returns>
    JsonNode Invoke(ITaskPipeline pipeline, TaskRequest request);
}

/// <summary>Everything a task needs to open its pipeline.</summary>
/// <param name="Manifest">The parsed manifest.</param>
/// <param name="Signature">The signature the build wrote (or one inspected at load time).</param>
/// <param name="Settings">What the task's model contract resolved (see the task's folder in Accelerate.Manifest).</param>
/// <param name="BaseDirectory">The folder the signature's relative file paths start from (the application folder).</param>
/// <param name="Options">Backends and ONNX Runtime settings; the manifest's when the caller passes none.</param>
public sealed record HostContext(ModelManifest Manifest, ModelSignature Signature, TaskSettings Settings, string BaseDirectory, AccelerateSessionOptions Options)
{
    /// <summary>The full path of a file the signature names (relative to <see cref="BaseDirectory"/>).</summary>
    public string PathOf(string relative) => Path.GetFullPath(Path.Combine(BaseDirectory, relative));

    /// <summary>The main model's file for the options' precision variant (<see cref="AccelerateSessionOptions.Variant"/>).</summary>
    /// <exception cref="ArgumentException">The model has no such variant.</exception>
    public string ModelPath
    {
        get
        {
            var variant = Options.Variant;
            if (variant is null || variant == "fp32") return PathOf(Signature.ModelFile);
            return Signature.Variants.FirstOrDefault(v => v.Precision == variant) is { } found
                ? PathOf(found.ModelFile)
                : throw new ArgumentException($"{Manifest.Name} has no '{variant}' variant (variants: {(Signature.Variants.Count == 0 ? "none" : string.Join(", ", Signature.Variants.Select(v => v.Precision)))}); add it under \"variants\" in the manifest.", "options");
        }
    }

    /// <summary>The manifest's backends, in order of preference.</summary>
    public IReadOnlyList<string> DefaultBackends => Manifest.Backends;

    /// <summary>The full path of the model of a role under "models".</summary>
    public string ModelOf(string role) =>
        PathOf(Signature.Models.FirstOrDefault(m => m.Role == role)?.Signature.ModelFile ?? throw new InvalidOperationException($"{Manifest.Name} has no model '{role}'."));

    /// <summary>The full path of the side file of a role under "files".</summary>
    public string FileOf(string role) =>
        PathOf(Signature.Files.FirstOrDefault(f => f.Role == role)?.File ?? throw new InvalidOperationException($"{Manifest.Name} has no file '{role}'."));
}
