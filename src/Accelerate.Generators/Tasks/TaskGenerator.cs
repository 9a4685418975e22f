using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;
using Accelerate.Manifest.Tasks;

namespace Accelerate.Generators.Tasks;

/// <summary>What a task generator works from: the manifest, its signature, what the task's contract resolved, and the compilation's support.</summary>
internal sealed record GenerationContext(
    ModelManifest Manifest,
    ModelSignature Signature,
    string SignaturePath,
    TaskSettings Settings,
    ModelSpec Model,
    TestingSupport Testing,
    Action<DiagnosticDefinition, string, object?[]> Report)
{
    /// <summary>A manifest-relative path made full without touching the file system (the generator never does).</summary>
    public string FullPath(string relative) => Paths.Combine(System.IO.Path.GetDirectoryName(Manifest.FilePath) ?? "", relative);
}

/// <summary>
/// The generator's part of a task (a folder per task beside this file): its template partials (Model.scriban,
/// Tests.scriban, Benchmarks.scriban in the folder), the checks only the generator can make (what the compilation
/// references, what the signature file holds) and the test and benchmark data of its generated classes. The model
/// contract itself is the task's <see cref="TaskDefinition.Resolve"/>, shared with the runtime host.
/// </summary>
internal abstract class TaskGenerator
{
    /// <summary>The task names this generator serves.</summary>
    public abstract IReadOnlyList<string> Tasks { get; }

    /// <summary>The folder of its template partials under Tasks/, e.g. <c>FeatureExtraction</c>.</summary>
    public abstract string Template { get; }

    /// <summary>
    /// Checks only the generator can make: returns the generator to use (this one; another, such as the tensor task's when
    /// a library is missing; or null when no class can be generated), reporting why through the context.
    /// </summary>
    public virtual TaskGenerator? Check(GenerationContext context) => this;

    /// <summary>What the parser reports when the generated tests have no cases (no samples): ACC3007 by default.</summary>
    public virtual DiagnosticDefinition NoSamplesDiagnostic => DiagnosticCatalog.NoTestSamples;

    /// <summary>The samples, checks and batching of the generated hardware-matrix tests.</summary>
    public abstract TestsPart Tests(GenerationContext context);

    /// <summary>The shapes, raw inputs and end-to-end case of the generated benchmark suite.</summary>
    public abstract BenchmarksPart Benchmarks(GenerationContext context);

    /// <summary>Every generator, found in this assembly (a task folder adds one by existing).</summary>
    public static IReadOnlyList<TaskGenerator> All { get; } = typeof(TaskGenerator).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && typeof(TaskGenerator).IsAssignableFrom(t))
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .Select(t => (TaskGenerator)Activator.CreateInstance(t)!)
        .ToList();

    /// <summary>The generator of <paramref name="task"/>; tasks without typed methods get the tensor task's.</summary>
    public static TaskGenerator For(string task) =>
        All.FirstOrDefault(g => g.Tasks.Contains(task)) ?? All.First(g => g.Tasks.Contains(Manifest.Tasks.Tensor.TensorTask.TaskName));
}

/// <summary>The task's part of the generated test class.</summary>
/// <param name="Samples">The cases the vector checks run (texts, or full image paths); empty for generated tensors.</param>
/// <param name="HasCases">Whether there are cases to run at all (an image model needs samples).</param>
/// <param name="Batchable">Whether a batch-vs-singles check makes sense.</param>
/// <param name="Checks">The task's own checks (methods of its test base class), run on every backend row.</param>
internal sealed record TestsPart(EquatableArray<string> Samples, bool HasCases, bool Batchable, EquatableArray<TaskCheckSpec> Checks);

/// <summary>The task's part of the generated benchmark suite.</summary>
/// <param name="Shapes">The shapes measured (batch × sequence, image size, or tensor sizes).</param>
/// <param name="RawArguments">The inputs' Create arguments as data (null: no raw case).</param>
/// <param name="RawFill">Values written into the raw inputs after Create.</param>
/// <param name="Images">End-to-end images (full paths).</param>
/// <param name="HasEndToEnd">Whether there is an end-to-end case.</param>
internal sealed record BenchmarksPart(EquatableArray<BenchmarkShape> Shapes, EquatableArray<CreateArgument>? RawArguments, EquatableArray<InputFill> RawFill, EquatableArray<string> Images, bool HasEndToEnd);
