namespace Accelerate.Manifest.Diagnostics;

/// <summary>
/// Every diagnostic Accelerate.Build reports, in one place (documented in docs/reference/diagnostics.md).
/// ACC1xxx: manifest text. ACC2xxx: model sources and inspection (MSBuild tasks). ACC3xxx: code generation.
/// </summary>
public static class DiagnosticCatalog
{
    private const string Manifest = "Accelerate.Manifest";
    private const string Build = "Accelerate.Build";
    private const string Generator = "Accelerate.Generator";

    /// <summary>The manifest is not valid JSON.</summary>
    public static DiagnosticDefinition InvalidJson { get; } = new("ACC1001", "Manifest is not valid JSON",
        "The manifest is not valid JSON: {0}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>The manifest holds no JSON value at all.</summary>
    public static DiagnosticDefinition EmptyManifest { get; } = new("ACC1002", "Manifest is empty",
        "The manifest is empty: add at least \"task\" and \"source\" (see docs/reference/manifest.md)", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>The top-level value is not an object.</summary>
    public static DiagnosticDefinition RootNotObject { get; } = new("ACC1003", "Manifest must be a JSON object",
        "The manifest must be a JSON object, not {0}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A property name the schema does not know.</summary>
    public static DiagnosticDefinition UnknownProperty { get; } = new("ACC1004", "Unknown manifest property",
        "Unknown property '{0}' in {1}{2}", DiagnosticSeverityLevel.Warning, Manifest);

    /// <summary>A value of the wrong JSON type.</summary>
    public static DiagnosticDefinition WrongType { get; } = new("ACC1005", "Manifest value has the wrong type",
        "'{0}' must be {1}, not {2}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A required property is absent.</summary>
    public static DiagnosticDefinition MissingProperty { get; } = new("ACC1006", "Required manifest property is missing",
        "{0} is missing the required property '{1}'{2}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>The task is not one the manifest knows.</summary>
    public static DiagnosticDefinition UnknownTask { get; } = new("ACC1007", "Unknown task",
        "Unknown task '{0}'{1}. Known tasks: {2}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A known task whose typed methods are not generated yet.</summary>
    public static DiagnosticDefinition TaskNotGenerated { get; } = new("ACC1008", "Task has no typed methods yet",
        "Task '{0}' has no typed methods yet: only the raw tensor API (Run) is generated. Tasks with typed methods: {1}", DiagnosticSeverityLevel.Warning, Manifest);

    /// <summary>The model name is not a usable C# type name.</summary>
    public static DiagnosticDefinition InvalidName { get; } = new("ACC1009", "Invalid model name",
        "'{0}' is not a valid C# type name{1}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>The namespace is not a dotted C# name.</summary>
    public static DiagnosticDefinition InvalidNamespace { get; } = new("ACC1010", "Invalid namespace",
        "'{0}' is not a valid C# namespace", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A source object names neither or both of path and package.</summary>
    public static DiagnosticDefinition SourceKind { get; } = new("ACC1011", "Model source must name a path or a package",
        "{0} must have exactly one of \"path\" or \"package\"{1}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A package source without a version.</summary>
    public static DiagnosticDefinition PackageVersionMissing { get; } = new("ACC1012", "Package source needs a version",
        "{0} names package '{1}' but no \"version\": versions are pinned so builds are reproducible", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A package source without exactly one of file or resource.</summary>
    public static DiagnosticDefinition PackageItemKind { get; } = new("ACC1013", "Package source needs a file or a resource",
        "{0} must have exactly one of \"file\" (a path inside the package) or \"resource\" (an embedded resource of one of its assemblies)", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A value that is the right type but not allowed.</summary>
    public static DiagnosticDefinition InvalidValue { get; } = new("ACC1014", "Invalid manifest value",
        "'{0}' is not a valid value for '{1}': {2}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A backend name that is not in the catalogue.</summary>
    public static DiagnosticDefinition UnknownBackend { get; } = new("ACC1015", "Unknown backend",
        "Unknown backend '{0}'{1}. Known backends: {2}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>The same backend twice.</summary>
    public static DiagnosticDefinition DuplicateBackend { get; } = new("ACC1016", "Backend listed twice",
        "Backend '{0}' is listed more than once; only the first counts", DiagnosticSeverityLevel.Warning, Manifest);

    /// <summary>A tokenizer type that is not supported.</summary>
    public static DiagnosticDefinition UnknownTokenizer { get; } = new("ACC1017", "Unsupported tokenizer type",
        "Tokenizer type '{0}' is not supported{1}. Supported: {2}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A text task without a tokenizer.</summary>
    public static DiagnosticDefinition TokenizerRequired { get; } = new("ACC1018", "Task needs a tokenizer",
        "Task '{0}' turns text into tokens: add a \"tokenizer\" (e.g. {{ \"type\": \"wordpiece\", \"vocab\": {{ \"path\": \"vocab.txt\" }} }})", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A pooling mode that is not known.</summary>
    public static DiagnosticDefinition UnknownPooling { get; } = new("ACC1019", "Unknown pooling",
        "Unknown pooling '{0}'{1}. Known: {2}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A number outside its allowed range.</summary>
    public static DiagnosticDefinition OutOfRange { get; } = new("ACC1020", "Number out of range",
        "'{0}' must be {1}, not {2}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>The same property twice in one object.</summary>
    public static DiagnosticDefinition DuplicateProperty { get; } = new("ACC1021", "Duplicate property",
        "Property '{0}' appears more than once in {1}; remove one", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>Two manifests of one project generate the same type.</summary>
    public static DiagnosticDefinition DuplicateModelName { get; } = new("ACC1022", "Duplicate model name",
        "Model name '{0}' is also used by '{1}'; set a different \"name\" (it names the class and the output folder models/{0}/)", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>A setting the task does not use.</summary>
    public static DiagnosticDefinition IgnoredSetting { get; } = new("ACC1023", "Setting has no effect for this task",
        "'{0}' has no effect {1}", DiagnosticSeverityLevel.Warning, Manifest);

    /// <summary>A names override that is not a C# identifier.</summary>
    public static DiagnosticDefinition InvalidIdentifier { get; } = new("ACC1024", "Invalid identifier override",
        "'{0}' (for '{1}') is not a valid C# identifier", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>An unknown property name close to a known one: a typo whose setting would otherwise be ignored.</summary>
    public static DiagnosticDefinition MisspeltProperty { get; } = new("ACC1025", "Misspelt manifest property",
        "Unknown property '{0}' in {1} (did you mean '{2}'?): as written it would be ignored", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>The task needs a model, file or setting the manifest does not give.</summary>
    public static DiagnosticDefinition TaskNeedsSetting { get; } = new("ACC1026", "Task needs a model, file or setting",
        "Task '{0}' needs {1}{2}", DiagnosticSeverityLevel.Error, Manifest);

    /// <summary>The model file named by a path source does not exist.</summary>
    public static DiagnosticDefinition FileNotFound { get; } = new("ACC2001", "Model source file not found",
        "{0} file '{1}' was not found (resolved to '{2}')", DiagnosticSeverityLevel.Error, Build);

    /// <summary>A package could not be restored.</summary>
    public static DiagnosticDefinition PackageNotFound { get; } = new("ACC2002", "Package could not be restored",
        "Package '{0}' version {1} could not be restored: {2}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>A file path that is not inside the package.</summary>
    public static DiagnosticDefinition PackageFileNotFound { get; } = new("ACC2003", "File not found in package",
        "Package '{0}' {1} has no file '{2}'{3}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>No assembly of the package embeds the resource.</summary>
    public static DiagnosticDefinition ResourceNotFound { get; } = new("ACC2004", "Resource not found in package",
        "No assembly of package '{0}' {1} embeds resource '{2}'{3}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The model file is not a readable ONNX model.</summary>
    public static DiagnosticDefinition InvalidModel { get; } = new("ACC2005", "Not a valid ONNX model",
        "'{0}' is not a valid ONNX model: {1}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The file's SHA-256 differs from the manifest's.</summary>
    public static DiagnosticDefinition HashMismatch { get; } = new("ACC2006", "Model hash mismatch",
        "{0} has SHA-256 {1}, but the manifest expects {2}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The manifest file itself could not be read.</summary>
    public static DiagnosticDefinition ManifestUnreadable { get; } = new("ACC2007", "Manifest could not be read",
        "The manifest could not be read: {0}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The AccelerateOnnxRuntime property names no known native build.</summary>
    public static DiagnosticDefinition UnknownOnnxRuntimeBuild { get; } = new("ACC2008", "Unknown ONNX Runtime build",
        "AccelerateOnnxRuntime='{0}' is not an ONNX Runtime build Accelerate.Build can bring{1}. Use one of: {2}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>Two native ONNX Runtime builds would land in the same output folder.</summary>
    public static DiagnosticDefinition DuplicateOnnxRuntime { get; } = new("ACC2009", "Two native ONNX Runtime builds",
        "Two native ONNX Runtime builds would be copied to the output, one overwriting the other's {0}: {1}. {2}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The chosen native build cannot be found for the platform being built.</summary>
    public static DiagnosticDefinition OnnxRuntimeUnavailable { get; } = new("ACC2010", "Native ONNX Runtime not available",
        "No native ONNX Runtime for {0}: {1}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The model has not been inspected (no signature file yet).</summary>
    public static DiagnosticDefinition NotInspected { get; } = new("ACC3001", "Model not inspected yet",
        "Model '{0}' has no inspected signature, so only a placeholder class that throws is generated: the build has not inspected it yet (design-time builds do not fetch models); build the project", DiagnosticSeverityLevel.Warning, Generator);

    /// <summary>The signature file is unreadable.</summary>
    public static DiagnosticDefinition InvalidSignature { get; } = new("ACC3002", "Model signature unreadable",
        "The inspected signature '{0}' could not be used ({1}); rebuild to refresh it", DiagnosticSeverityLevel.Error, Generator);

    /// <summary>The model lacks an input or output the task needs.</summary>
    public static DiagnosticDefinition TaskSignatureMismatch { get; } = new("ACC3003", "Model does not fit the task",
        "Model '{0}' does not fit task '{1}': {2}", DiagnosticSeverityLevel.Error, Generator);

    /// <summary>A name the manifest refers to is not in the model.</summary>
    public static DiagnosticDefinition UnknownTensorName { get; } = new("ACC3004", "No such input or output",
        "Model '{0}' has no {1} named '{2}'{3}. It has: {4}", DiagnosticSeverityLevel.Error, Generator);

    /// <summary>An input/output whose element type the typed API cannot express.</summary>
    public static DiagnosticDefinition UnsupportedTensorType { get; } = new("ACC3005", "Unsupported input or output type",
        "Model '{0}' {1} '{2}' has type {3}, which the typed Run method does not support; use Session directly for it", DiagnosticSeverityLevel.Warning, Generator);

    /// <summary>An image task without the imaging package: only the raw API is generated.</summary>
    public static DiagnosticDefinition ImagingNotReferenced { get; } = new("ACC3006", "Image task needs Accelerate.Imaging",
        "Task '{0}' decodes and resizes images with the Accelerate.Imaging package, which this project does not reference; only Run is generated. Add it with: dotnet add package Accelerate.Imaging", DiagnosticSeverityLevel.Warning, Generator);

    /// <summary>An image model's tests have no images to run.</summary>
    public static DiagnosticDefinition NoTestSamples { get; } = new("ACC3007", "Image model has no test samples",
        "Model '{0}' lists no \"tests\": {{ \"samples\": [...] }} images, so its generated tests only check loading and the signature; add a few small images (paths relative to the manifest) to get golden, batch and determinism checks", DiagnosticSeverityLevel.Warning, Generator);

    /// <summary>An image-classification manifest's labels do not match the model's classes.</summary>
    public static DiagnosticDefinition LabelCountMismatch { get; } = new("ACC3008", "Labels do not match the model's classes",
        "Model '{0}': {1}; {2}", DiagnosticSeverityLevel.Error, Generator);

    /// <summary>An audio task without the audio package: only the raw API is generated.</summary>
    public static DiagnosticDefinition AudioNotReferenced { get; } = new("ACC3010", "Audio task needs Accelerate.Audio",
        "Task '{0}' reads WAV audio (resampled to 16 kHz mono) with the Accelerate.Audio package, which this project does not reference; only Run is generated. Add it with: dotnet add package Accelerate.Audio", DiagnosticSeverityLevel.Warning, Generator);

    /// <summary>An audio model's tests have no recordings to run.</summary>
    public static DiagnosticDefinition NoAudioTestSamples { get; } = new("ACC3011", "Audio model has no test samples",
        "Model '{0}' lists no \"tests\": {{ \"samples\": [...] }} WAV files, so its generated tests only check loading and the signature; add a few short recordings (paths relative to the manifest) to get golden and determinism checks", DiagnosticSeverityLevel.Warning, Generator);

    /// <summary>A voice activity model's recurrent state input has no output of the same shape to carry it to the next frame.</summary>
    public static DiagnosticDefinition RecurrentStateMismatch { get; } = new("ACC3012", "Recurrent state has no matching output",
        "Model '{0}': state input '{1}' is {2}, but no other output has a shape that fits it (same rank, no different fixed size) to carry the state to the next frame (outputs: {3}); a stateful voice activity model returns its new state with the probability", DiagnosticSeverityLevel.Error, Generator);

    /// <summary>A voice activity model's audio input has a fixed window other than 64 context + 512 frame samples.</summary>
    public static DiagnosticDefinition AudioWindowMismatch { get; } = new("ACC3013", "Audio window does not fit the model",
        "Model '{0}': audio input '{1}' is {2}, but each frame is 64 samples of context and 512 new samples at 16 kHz ({3} samples, Silero VAD v5 and later); a bare 512-sample window (v4) or another size is not supported", DiagnosticSeverityLevel.Error, Generator);
    /// <summary>An OCR manifest's recogniser does not have one class per dictionary character plus the blank and the space.</summary>
    public static DiagnosticDefinition OcrDictionaryMismatch { get; } = new("ACC3015", "OCR dictionary does not match the recognizer",
        "Model '{0}': the recognizer ({1}) output '{2}' is {3}, but the dictionary ({4}) has {5} characters; expected [batch, time, {6}] (the CTC blank, one class per line, and a space)", DiagnosticSeverityLevel.Error, Generator);

    /// <summary>A model of an OCR manifest's chain does not have the inputs or outputs its role needs.</summary>
    public static DiagnosticDefinition OcrModelMismatch { get; } = new("ACC3016", "OCR model does not fit its role",
        "Model '{0}': the {1} ({2}) {3}; expected {4}", DiagnosticSeverityLevel.Error, Generator);

    /// <summary>A generated hardware-matrix check failed (AccelerateTest / AccelerateTestOnBuild).</summary>
    public static DiagnosticDefinition MatrixCheckFailed { get; } = new("ACC4001", "Hardware-matrix check failed",
        "{0}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The test run ended without a matrix report.</summary>
    public static DiagnosticDefinition MatrixRunFailed { get; } = new("ACC4002", "Hardware-matrix run failed",
        "The hardware-matrix tests did not produce a report (exit code {0}): {1}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>AccelerateTest on a project without generated tests.</summary>
    public static DiagnosticDefinition NoGeneratedTests { get; } = new("ACC4003", "No generated tests",
        "AccelerateTest: this project has no generated hardware-matrix tests; reference Accelerate.Testing (and xunit.v3) in a test project that has or references manifests", DiagnosticSeverityLevel.Warning, Build);

    /// <summary>dotnet test started a Microsoft.Testing.Platform test project in VSTest mode.</summary>
    public static DiagnosticDefinition TestRunnerMode { get; } = new("ACC4004", "dotnet test needs the Microsoft.Testing.Platform runner",
        "This test project runs on Microsoft.Testing.Platform (xunit.v3), but dotnet test started it in VSTest mode, which the .NET 10 SDK no longer supports for it. {0}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>A benchmark case is significantly slower than its baseline (AccelerateFailOnRegression).</summary>
    public static DiagnosticDefinition BenchmarkRegression { get; } = new("ACC5001", "Benchmark regression",
        "{0} is slower than {1} p = {5}): median {2} ms vs {3} ms ({4}x; threshold {6})", DiagnosticSeverityLevel.Error, Build);

    /// <summary>AccelerateBenchmark outside a Release build.</summary>
    public static DiagnosticDefinition BenchmarkNotRelease { get; } = new("ACC5002", "Benchmarks run only in Release",
        "AccelerateBenchmark measures only Release builds; nothing was run. Use: dotnet build -c Release -t:AccelerateBenchmark", DiagnosticSeverityLevel.Warning, Build);

    /// <summary>The benchmark run ended without a summary.</summary>
    public static DiagnosticDefinition BenchmarkRunFailed { get; } = new("ACC5003", "Benchmark run failed",
        "The benchmark run failed (exit code {0}): {1}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The same-run A/B comparison cannot get its baseline (no git repository, unknown ref, project absent there).</summary>
    public static DiagnosticDefinition BaselineUnavailable { get; } = new("ACC5004", "Same-run baseline unavailable",
        "AccelerateCompareWith={0}: {1}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The baseline commit's benchmark project did not build.</summary>
    public static DiagnosticDefinition BaselineBuildFailed { get; } = new("ACC5005", "Baseline build failed",
        "The baseline {0} did not build in its worktree {1} (exit code {2}): {3}", DiagnosticSeverityLevel.Error, Build);

    /// <summary>The baseline was built with other package versions than the current build.</summary>
    public static DiagnosticDefinition BaselinePackagesDiffer { get; } = new("ACC5006", "Baseline built with other package versions",
        "The baseline {0} resolves other versions of packages that are measured with the model: {1}; the comparison includes those changes", DiagnosticSeverityLevel.Warning, Build);

    /// <summary>A bug in the generator, reported instead of crashing the compiler.</summary>
    public static DiagnosticDefinition InternalError { get; } = new("ACC3999", "Internal generator error",
        "Accelerate.Build could not generate code for '{0}' because of an internal error ({1}); please report it with the manifest", DiagnosticSeverityLevel.Error, Generator);

    /// <summary>Every definition, for documentation checks.</summary>
    public static IReadOnlyList<DiagnosticDefinition> All { get; } =
    [
        InvalidJson, EmptyManifest, RootNotObject, UnknownProperty, WrongType, MissingProperty, UnknownTask,
        TaskNotGenerated, InvalidName, InvalidNamespace, SourceKind, PackageVersionMissing, PackageItemKind,
        InvalidValue, UnknownBackend, DuplicateBackend, UnknownTokenizer, TokenizerRequired, UnknownPooling,
        OutOfRange, DuplicateProperty, DuplicateModelName, IgnoredSetting, InvalidIdentifier, MisspeltProperty, TaskNeedsSetting,
        FileNotFound, PackageNotFound, PackageFileNotFound, ResourceNotFound, InvalidModel, HashMismatch, ManifestUnreadable,
        OcrDictionaryMismatch, OcrModelMismatch,
        UnknownOnnxRuntimeBuild, DuplicateOnnxRuntime, OnnxRuntimeUnavailable,
        NotInspected, InvalidSignature, TaskSignatureMismatch, UnknownTensorName, UnsupportedTensorType, ImagingNotReferenced, NoTestSamples, LabelCountMismatch, AudioNotReferenced, NoAudioTestSamples, RecurrentStateMismatch, AudioWindowMismatch, MatrixCheckFailed, MatrixRunFailed, NoGeneratedTests, TestRunnerMode, BenchmarkRegression, BenchmarkNotRelease, BenchmarkRunFailed, BaselineUnavailable, BaselineBuildFailed, BaselinePackagesDiffer, InternalError,
    ];
}
