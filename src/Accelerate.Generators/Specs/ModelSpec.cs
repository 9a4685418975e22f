using Accelerate.Manifest;

namespace Accelerate.Generators.Specs;

// Pipeline models: records of strings, primitives and EquatableArray only (never ISymbol, SyntaxNode or
// Location), so the incremental generator can compare them by value and cache what did not change.

/// <summary>Everything the emitter needs to write one model's source.</summary>
internal sealed record ModelSpec
{
    public string Namespace { get; init; } = "";
    public string ClassName { get; init; } = "";
    public string Task { get; init; } = "";
    public string ManifestFileName { get; init; } = "";
    public string ManifestPath { get; init; } = "";
    public string ModelFile { get; init; } = "";
    public string? VocabFile { get; init; }
    public string Sha256 { get; init; } = "";
    public string Producer { get; init; } = "";
    public string Opsets { get; init; } = "";
    public string DocString { get; init; } = "";
    public EquatableArray<string> Backends { get; init; } = EquatableArray<string>.Empty;
    /// <summary>Precision variants beside the main model: precision and file relative to the output folder.</summary>
    public EquatableArray<Accelerate.Manifest.Signatures.VariantSignature> Variants { get; init; } = EquatableArray<Accelerate.Manifest.Signatures.VariantSignature>.Empty;
    public int IntraOpThreads { get; init; }
    public int InterOpThreads { get; init; }
    public string GraphOptimization { get; init; } = "All";
    public EquatableArray<TensorSpec> Inputs { get; init; } = EquatableArray<TensorSpec>.Empty;
    public EquatableArray<TensorSpec> Outputs { get; init; } = EquatableArray<TensorSpec>.Empty;

    /// <summary>Parameters of the inputs' Create method, one per distinct dynamic dimension.</summary>
    public EquatableArray<DimensionParameter> CreateParameters { get; init; } = EquatableArray<DimensionParameter>.Empty;

    /// <summary>Parameters of the outputs' Create method: the inputs' parameters the outputs use, then the outputs' own dynamic dimensions.</summary>
    public EquatableArray<DimensionParameter> OutputCreateParameters { get; init; } = EquatableArray<DimensionParameter>.Empty;

    /// <summary>False when an input has a type the typed Run cannot pass; Run is then not generated.</summary>
    public bool HasTypedRun { get; init; }

    /// <summary>True when every input has a declared shape, so Create can allocate them.</summary>
    public bool HasCreate { get; init; }

    /// <summary>
    /// True when Run can write into caller-owned outputs: there is a typed Run and at least one output, and no output
    /// is a string tensor (ONNX Runtime cannot write strings into a managed buffer).
    /// </summary>
    public bool HasCallerOwnedRun { get; init; }

    /// <summary>
    /// True when the outputs' Create can allocate them: caller-owned Run exists and every output declares its rank
    /// (dynamic dimensions become its parameters).
    /// </summary>
    public bool HasOutputsCreate { get; init; }

    /// <summary>The task's template partials under Tasks/ (e.g. <c>FeatureExtraction</c>).</summary>
    public string Template { get; init; } = "";

    /// <summary>What the task's model contract resolved (tensor names, settings): the data its partial writes out.</summary>
    public Accelerate.Manifest.Tasks.TaskSettings Settings { get; init; } = new Accelerate.Manifest.Tasks.Tensor.TensorSettings();
}

/// <summary>What the generated hardware-matrix test class of one model needs.</summary>
internal sealed record TestsSpec
{
    /// <summary>"fp32" for the main model, else the variant's precision (its class tests that file).</summary>
    public string Precision { get; init; } = "fp32";
    public string Namespace { get; init; } = "";
    public string ClassName { get; init; } = "";
    public string ModelName { get; init; } = "";
    public string ModelTypeName { get; init; } = "";
    public string ManifestPath { get; init; } = "";
    public string Task { get; init; } = "";
    public string Sha256 { get; init; } = "";
    /// <summary>Test rows: cpu first, then the manifest's other backends.</summary>
    public EquatableArray<string> Backends { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<Accelerate.Manifest.Model.Tolerance> Tolerances { get; init; } = EquatableArray<Accelerate.Manifest.Model.Tolerance>.Empty;
    public EquatableArray<ContractSpec> Inputs { get; init; } = EquatableArray<ContractSpec>.Empty;
    public EquatableArray<ContractSpec> Outputs { get; init; } = EquatableArray<ContractSpec>.Empty;
    /// <summary>Texts, or full image paths, the vector checks run.</summary>
    public EquatableArray<string> Samples { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<Accelerate.Manifest.Model.TestTriplet> Triplets { get; init; } = EquatableArray<Accelerate.Manifest.Model.TestTriplet>.Empty;
    public EquatableArray<Accelerate.Manifest.Model.DimensionSize> Dimensions { get; init; } = EquatableArray<Accelerate.Manifest.Model.DimensionSize>.Empty;
    public int Cases { get; init; } = 2;
    /// <summary>The task's template partials under Tasks/.</summary>
    public string Template { get; init; } = "";
    /// <summary>What the task's contract resolved (the tests partial reads what it needs).</summary>
    public Accelerate.Manifest.Tasks.TaskSettings Settings { get; init; } = new Accelerate.Manifest.Tasks.Tensor.TensorSettings();
    /// <summary>The task's own checks, run on every backend row.</summary>
    public EquatableArray<TaskCheckSpec> Checks { get; init; } = EquatableArray<TaskCheckSpec>.Empty;
    /// <summary>Whether there are cases to run (an image model needs tests.samples); without them only Loads and MatchesSignature are generated.</summary>
    public bool HasCases { get; init; } = true;
    /// <summary>Whether a batch-vs-singles check makes sense (vectors, or tensors whose inputs share a dynamic first dimension).</summary>
    public bool Batchable { get; init; }
}

/// <summary>An input or output as the build saw it, for the signature-contract check.</summary>
internal sealed record ContractSpec(string Name, string ElementType, EquatableArray<string> Dimensions);

/// <summary>What the compilation references: whether tests, image or audio methods and benchmarks can be generated.</summary>
internal sealed record TestingSupport(bool HasTesting, bool HasImaging, bool HasBenchmarks = false, bool HasAudio = false);

/// <summary>A graph input or output as the typed API exposes it.</summary>
internal sealed record TensorSpec(
    string OnnxName,
    string PropertyName,
    string ClrType,
    string OnnxType,
    EquatableArray<DimensionSpec> Dimensions,
    bool HasShape,
    string DocString,
    bool IsSupported);

/// <summary>
/// One dimension: fixed (Value, with a constant) or dynamic (a Create parameter). For an output, ParameterName is the
/// inputs' Create parameter of the same symbolic dimension, when an input has it. Label is how docs and shape errors show
/// it: the size, the symbol, or "dim2" for an unnamed (or exporter-made-up) one.
/// </summary>
internal sealed record DimensionSpec(int Index, long? Value, string? Symbol, string? ConstantName, string? ParameterName, string Label = "");

/// <summary>
/// A Create parameter standing for one symbolic (or unnamed) dynamic dimension. FromInputs is true when an input has the
/// dimension (so it is also a parameter of the inputs' Create).
/// </summary>
internal sealed record DimensionParameter(string Name, string Description, string? Symbol = null, bool FromInputs = true);

/// <summary>What the generated BenchmarkDotNet suite of one model needs.</summary>
internal sealed record BenchmarksSpec
{
    public string Namespace { get; init; } = "";
    public string ClassName { get; init; } = "";
    public string ModelName { get; init; } = "";
    public string ModelTypeName { get; init; } = "";
    public string ManifestPath { get; init; } = "";
    public string Source { get; init; } = "";
    public string Sha256 { get; init; } = "";
    public string Opset { get; init; } = "";
    public string Task { get; init; } = "";
    /// <summary>Candidate backends, in the manifest's order (cpu always included).</summary>
    public EquatableArray<string> Backends { get; init; } = EquatableArray<string>.Empty;
    /// <summary>"fp32" plus the variants' precisions.</summary>
    public EquatableArray<string> Precisions { get; init; } = EquatableArray<string>.Empty;
    public EquatableArray<int> Threads { get; init; } = EquatableArray<int>.Empty;
    /// <summary>The task's template partials under Tasks/.</summary>
    public string Template { get; init; } = "";
    /// <summary>What the task's contract resolved.</summary>
    public Accelerate.Manifest.Tasks.TaskSettings Settings { get; init; } = new Accelerate.Manifest.Tasks.Tensor.TensorSettings();
    /// <summary>The shapes measured, in the manifest's order (batch × shape).</summary>
    public EquatableArray<BenchmarkShape> Shapes { get; init; } = EquatableArray<BenchmarkShape>.Empty;
    /// <summary>The arguments of the inputs' Create call; null: no raw case.</summary>
    public EquatableArray<CreateArgument>? RawCreateArguments { get; init; }
    /// <summary>Values the raw inputs are filled with after Create.</summary>
    public EquatableArray<InputFill> RawFill { get; init; } = EquatableArray<InputFill>.Empty;
    public string InputsTypeName { get; init; } = "";
    public string OutputsTypeName { get; init; } = "";
    /// <summary>End-to-end images (full paths); empty for other kinds or when the manifest has no samples.</summary>
    public EquatableArray<string> Images { get; init; } = EquatableArray<string>.Empty;
    public bool HasEndToEnd { get; init; }
}

/// <summary>A task check of the generated test class: a method of the task's test base class, run on every row.</summary>
/// <param name="Name">The method, e.g. <c>HasUnitNorm</c>.</param>
/// <param name="Summary">The test's XML summary, with <c>{backend}</c> for the row.</param>
internal sealed record TaskCheckSpec(string Name, string Summary);

/// <summary>One benchmark shape: batch size with a sequence length (text), an image size, or tensor sizes as text.</summary>
internal sealed record BenchmarkShape(int Batch, int Sequence = 0, int Height = 0, int Width = 0, string Sizes = "");

/// <summary>An argument of the inputs' Create call in a benchmark: the case's batch size ("batch"), its sequence length ("sequence"), or a fixed size ("fixed").</summary>
internal sealed record CreateArgument(string Kind, int Size = 1);

/// <summary>A value a benchmark writes into every element of a raw input.</summary>
internal sealed record InputFill(string PropertyName, string ClrType, double Value);

/// <summary>A diagnostic to report: catalogue id, formatted message and position in a file.</summary>
internal sealed record DiagnosticInfo(string Id, string Message, string FilePath, Accelerate.Manifest.Diagnostics.ManifestLocation Location);

/// <summary>What the parser produced for one manifest: a spec (when generation is possible) and diagnostics.</summary>
/// <param name="HintName">The deterministic hint name of the model's source.</param>
/// <param name="Spec">The model's spec, when its class can be generated.</param>
/// <param name="Diagnostics">Everything to report on the manifest.</param>
/// <param name="Tests">The model's hardware-matrix test class, in projects that reference Accelerate.Testing.</param>
/// <param name="EmitModel">False for manifests of referenced projects: their class lives in that project; only tests are generated here.</param>
/// <param name="VariantTests">One more test class per precision variant of the model.</param>
/// <param name="Benchmarks">The model's BenchmarkDotNet suite, in projects that reference BenchmarkDotNet and Accelerate.Benchmarks.</param>
/// <param name="Placeholder">A throwing class of the model's name when the manifest has no signature.</param>
internal sealed record ModelGenerationResult(string HintName, ModelSpec? Spec, EquatableArray<DiagnosticInfo> Diagnostics, TestsSpec? Tests = null, bool EmitModel = true,
    EquatableArray<TestsSpec> VariantTests = default, BenchmarksSpec? Benchmarks = null, PlaceholderSpec? Placeholder = null);

/// <summary>One manifest file as read from AdditionalFiles.</summary>
/// <param name="Path">Full path, with forward slashes.</param>
/// <param name="Text">The manifest's text.</param>
/// <param name="ReferencedNamespace">For a manifest of a referenced project (tests only): that project's root namespace; null for the project's own manifests.</param>
internal sealed record ManifestFile(string Path, string Text, string? ReferencedNamespace = null);

/// <summary>One signature file, parsed (or the reason it could not be).</summary>
internal sealed record SignatureFile(string Path, string ManifestPath, Accelerate.Manifest.Signatures.ModelSignature? Signature, string? Error);

/// <summary>
/// A manifest's claim on a model name. Among the project's own manifests names must be unique (class and output
/// folder); referenced projects' manifests also claim names for the test classes generated here.
/// </summary>
internal sealed record NameClaim(string Name, string ManifestPath, bool Referenced = false);

/// <summary>Project-level settings read from build_property.*.</summary>
/// <param name="RootNamespace">Namespace of generated types without a namespace of their own.</param>
/// <param name="DiagnosticsDocs">Address of the diagnostics reference help links point into (AccelerateDiagnosticsDocs); null for the default.</param>
/// <param name="ModelsInspected">True when the build's inspection ran before this compile (build property AccelerateModelsInspected): a manifest without a signature then failed inspection.</param>
internal sealed record GeneratorOptions(string RootNamespace, string? DiagnosticsDocs = null, bool ModelsInspected = false);

/// <summary>A model class that only throws: generated when a manifest has no signature, so code using the class still compiles.</summary>
internal sealed record PlaceholderSpec(string Namespace, string ClassName, string ManifestFileName, string ManifestPath, bool Inspected);
