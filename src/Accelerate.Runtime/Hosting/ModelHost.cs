using System.Globalization;
using System.Text.Json.Nodes;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;
using Accelerate.Manifest.Tasks;

namespace Accelerate.Runtime;

/// <summary>
/// The runtime host: turns a manifest and the signature the build wrote into the task's running pipeline, with no
/// generated code, and runs it on JSON-friendly requests. The command-line tool and the web service use it; a generated
/// class wraps the same pipeline, so both give the same results. Thread-safe like the pipelines; dispose it once.
/// </summary>
public sealed class ModelHost : IDisposable
{
    private readonly IRuntimeTask _task;

    private ModelHost(HostContext context, IRuntimeTask task, ITaskPipeline pipeline)
    {
        Context = context;
        _task = task;
        Pipeline = pipeline;
    }

    /// <summary>The manifest, signature, resolved settings and file location the pipeline was opened from.</summary>
    public HostContext Context { get; }

    /// <summary>The model's name (the manifest's "name").</summary>
    public string Name => Context.Manifest.Name;

    /// <summary>The task (the manifest's "task").</summary>
    public string Task => Context.Manifest.Task;

    /// <summary>The task's pipeline (cast to the task's pipeline type for typed calls).</summary>
    public ITaskPipeline Pipeline { get; }

    /// <summary>The main model's session (its backend, load time and metadata).</summary>
    public ModelSession Session => Pipeline.Session;

    /// <summary>
    /// Opens a model an application folder holds as the build left it: <c>models/&lt;Name&gt;/manifest.json</c> and
    /// <c>models/&lt;Name&gt;/signature.json</c> beside the model files.
    /// </summary>
    /// <param name="applicationDirectory">The output or publish folder (usually <see cref="AppContext.BaseDirectory"/>).</param>
    /// <param name="name">The model's name, e.g. <c>MiniLm</c>.</param>
    /// <param name="options">Backends and ONNX Runtime settings; null for the manifest's.</param>
    /// <param name="modelsFolder">The folder the build copies models into (AccelerateModelsFolder, default <c>models</c>).</param>
    /// <exception cref="ModelHostException">The manifest or signature is missing or unreadable, or the model does not fit its task.</exception>
    public static ModelHost OpenFromOutput(string applicationDirectory, string name, AccelerateSessionOptions? options = null, string modelsFolder = "models")
    {
        ArgumentNullException.ThrowIfNull(applicationDirectory);
        ArgumentNullException.ThrowIfNull(name);
        var folder = Path.Combine(applicationDirectory, modelsFolder, name);
        var manifest = Path.Combine(folder, "manifest.json");
        if (!File.Exists(manifest))
        {
            var known = Directory.Exists(Path.Combine(applicationDirectory, modelsFolder))
                ? Directory.GetDirectories(Path.Combine(applicationDirectory, modelsFolder)).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal).ToList()
                : [];
            throw new ModelHostException($"No model '{name}' in {Path.Combine(applicationDirectory, modelsFolder)} (models there: {(known.Count == 0 ? "none" : string.Join(", ", known))}); build the project that has its manifest.");
        }
        return Open(manifest, Path.Combine(folder, "signature.json"), applicationDirectory, options);
    }

    /// <summary>Opens the model of the manifest at <paramref name="manifestPath"/> with the signature at <paramref name="signaturePath"/>.</summary>
    /// <param name="manifestPath">A <c>*.model.json</c> file.</param>
    /// <param name="signaturePath">The signature the build (or the CLI's inspection) wrote for it.</param>
    /// <param name="baseDirectory">The folder the signature's file paths start from.</param>
    /// <param name="options">Backends and ONNX Runtime settings; null for the manifest's.</param>
    /// <exception cref="ModelHostException">A file is missing or unreadable, the manifest has errors, or the model does not fit its task.</exception>
    public static ModelHost Open(string manifestPath, string signaturePath, string baseDirectory, AccelerateSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifestPath);
        ArgumentNullException.ThrowIfNull(signaturePath);
        var parsed = ManifestParser.Parse(Read(manifestPath, "manifest"), Path.GetFullPath(manifestPath));
        if (parsed.Manifest is not { } manifest)
        {
            throw new ModelHostException($"The manifest {manifestPath} has errors.", parsed.Diagnostics.Where(d => d.IsError).Select(d => HostDiagnostic.From(d, manifestPath)).ToList());
        }
        ModelSignature signature;
        try
        {
            signature = ModelSignatureJson.Read(Read(signaturePath, "signature"));
        }
        catch (FormatException e)
        {
            throw new ModelHostException($"The signature {signaturePath} cannot be read ({e.Message}); rebuild to refresh it.");
        }
        return Open(manifest, signature, baseDirectory, options);
    }

    /// <summary>Opens the task's pipeline for a parsed manifest and its signature.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <param name="signature">Its models' signature.</param>
    /// <param name="baseDirectory">The folder the signature's file paths start from.</param>
    /// <param name="options">Backends and ONNX Runtime settings; null for the manifest's.</param>
    /// <exception cref="ModelHostException">The task has no runtime pipeline here, or the model does not fit it.</exception>
    public static ModelHost Open(ModelManifest manifest, ModelSignature signature, string baseDirectory, AccelerateSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        var definition = TaskCatalog.Find(manifest.Task) ?? TaskCatalog.Default;
        var diagnostics = new List<HostDiagnostic>();
        var settings = definition.Resolve(new TaskContract(definition, manifest, signature,
            (d, path, args) => diagnostics.Add(HostDiagnostic.From(d.At(manifest.LocationOf(path), args), manifest.FilePath))));
        if (settings is null || diagnostics.Any(d => d.IsError))
        {
            throw new ModelHostException($"Model '{manifest.Name}' does not fit task '{manifest.Task}'.", diagnostics);
        }

        // Tasks without typed methods yet run as the tensor task does.
        var runtimeTask = RuntimeTaskCatalog.Find(definition.HasTypedApi ? definition.Name : TaskCatalog.Default.Name)
            ?? throw new ModelHostException($"Task '{manifest.Task}' has no runtime pipeline in this application: reference {PackageFor(definition.Modality)}.");
        var context = new HostContext(manifest, signature, settings, Path.GetFullPath(baseDirectory), options ?? DefaultOptions(manifest));
        return new ModelHost(context, runtimeTask, runtimeTask.Open(context));
    }

    /// <summary>The session options a manifest's "session" settings give (what a generated class's DefaultOptions holds).</summary>
    public static AccelerateSessionOptions DefaultOptions(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return new AccelerateSessionOptions
        {
            IntraOpThreads = manifest.Session.IntraOpThreads,
            InterOpThreads = manifest.Session.InterOpThreads,
            GraphOptimization = Enum.Parse<GraphOptimization>(manifest.Session.GraphOptimization, ignoreCase: true),
        };
    }

    /// <summary>Runs the task once.</summary>
    /// <param name="request">Text, image or audio bytes, or tensors, as the task needs.</param>
    /// <returns>The task's structured result.</returns>
    public JsonNode Invoke(TaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _task.Invoke(Pipeline, request);
    }

    /// <summary>Runs the task once on a JSON request (see <see cref="TaskRequest.FromJson"/>).</summary>
    public JsonNode Invoke(JsonNode request) => Invoke(TaskRequest.FromJson(request));

    /// <inheritdoc />
    public void Dispose() => Pipeline.Dispose();

    private static string PackageFor(TaskModality modality) => modality switch
    {
        TaskModality.Image => "Accelerate.Imaging",
        TaskModality.Audio => "Accelerate.Audio",
        _ => "Accelerate.Runtime",
    };

    private static string Read(string path, string what)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelHostException($"The {what} {path} cannot be read: {e.Message}");
        }
    }
}

/// <summary>A coded problem the host found, placed on the manifest like the build places it.</summary>
/// <param name="Code">The ACC code.</param>
/// <param name="Message">The message.</param>
/// <param name="File">The manifest.</param>
/// <param name="Line">1-based line, 0 for none.</param>
/// <param name="Column">1-based column, 0 for none.</param>
/// <param name="IsError">Error or warning.</param>
public sealed record HostDiagnostic(string Code, string Message, string File, int Line, int Column, bool IsError)
{
    /// <summary>From a manifest diagnostic.</summary>
    public static HostDiagnostic From(ManifestDiagnostic d, string file) =>
        new(d.Id, d.Message, file, d.Location.StartLine + 1, d.Location.StartColumn + 1, d.IsError);

    /// <inheritdoc />
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{File}({Line},{Column}): {(IsError ? "error" : "warning")} {Code}: {Message}");
}

/// <summary>The runtime host could not open a model: why, and the coded diagnostics when the manifest or the model is at fault.</summary>
public sealed class ModelHostException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ModelHostException(string message, IReadOnlyList<HostDiagnostic>? diagnostics = null)
        : base(diagnostics is { Count: > 0 } ? message + " " + string.Join(" ", diagnostics.Select(d => d.ToString())) : message)
    {
        Diagnostics = diagnostics ?? [];
    }

    /// <summary>The coded problems (empty when the failure has no code, e.g. a missing file).</summary>
    public IReadOnlyList<HostDiagnostic> Diagnostics { get; }
}
