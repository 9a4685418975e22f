namespace Accelerate.Manifest.Signatures;

/// <summary>
/// What the build learned about a model by reading its ONNX graph: written by the inspection task
/// into obj/, read by the generator. A value type end to end so the generator can cache on it.
/// </summary>
public sealed record ModelSignature
{
    /// <summary>Version of this file's layout; bumped when a field changes meaning.</summary>
    public const int CurrentFormatVersion = 1;

    /// <summary>Layout version the file was written with.</summary>
    public int FormatVersion { get; init; } = CurrentFormatVersion;

    /// <summary>Full path of the manifest this signature belongs to.</summary>
    public string ManifestPath { get; init; } = "";

    /// <summary>Path of the model file relative to the application's output folder.</summary>
    public string ModelFile { get; init; } = "";

    /// <summary>Path of the tokenizer vocabulary relative to the output folder, when the manifest names one.</summary>
    public string? VocabFile { get; init; }

    /// <summary>Lower-case hex SHA-256 of the model file.</summary>
    public string Sha256 { get; init; } = "";

    /// <summary>Size of the model file in bytes.</summary>
    public long SizeBytes { get; init; }

    /// <summary>ONNX IR version.</summary>
    public long IrVersion { get; init; }

    /// <summary>Name of the tool that produced the model (e.g. "pytorch").</summary>
    public string ProducerName { get; init; } = "";

    /// <summary>Version of the producing tool.</summary>
    public string ProducerVersion { get; init; } = "";

    /// <summary>Model domain (reverse-DNS name), often empty.</summary>
    public string Domain { get; init; } = "";

    /// <summary>Model version number set by the producer.</summary>
    public long ModelVersion { get; init; }

    /// <summary>Model-level documentation string.</summary>
    public string DocString { get; init; } = "";

    /// <summary>Graph name.</summary>
    public string GraphName { get; init; } = "";

    /// <summary>Operator sets the model imports.</summary>
    public EquatableArray<OpsetImport> Opsets { get; init; } = EquatableArray<OpsetImport>.Empty;

    /// <summary>Key/value metadata in file order.</summary>
    public EquatableArray<MetadataEntry> Metadata { get; init; } = EquatableArray<MetadataEntry>.Empty;

    /// <summary>Graph inputs the caller must feed (initializer-backed inputs excluded).</summary>
    public EquatableArray<TensorSignature> Inputs { get; init; } = EquatableArray<TensorSignature>.Empty;

    /// <summary>Graph outputs.</summary>
    public EquatableArray<TensorSignature> Outputs { get; init; } = EquatableArray<TensorSignature>.Empty;

    /// <summary>Precision variants the build copied beside the main model.</summary>
    public EquatableArray<VariantSignature> Variants { get; init; } = EquatableArray<VariantSignature>.Empty;

    /// <summary>The further models a multi-model task chains (the manifest's "models"), each inspected like this one.</summary>
    public EquatableArray<RoleSignature> Models { get; init; } = EquatableArray<RoleSignature>.Empty;

    /// <summary>The side files of the task (the manifest's "files"), copied beside the model.</summary>
    public EquatableArray<RoleFile> Files { get; init; } = EquatableArray<RoleFile>.Empty;
}

/// <summary>A further model of a multi-model task: its role (the key under "models") and its signature.</summary>
public sealed record RoleSignature(string Role, ModelSignature Signature);

/// <summary>A side file: its role (the key under "files"), its path relative to the output folder, its SHA-256, and, for
/// small files a task reads at build time (labels), its lines.</summary>
public sealed record RoleFile(string Role, string File, string Sha256, EquatableArray<string> Lines = default);

/// <summary>A precision variant as inspected: its file relative to the output folder and its SHA-256.</summary>
public sealed record VariantSignature(string Precision, string ModelFile, string Sha256);

/// <summary>An operator set import: domain ("" is the default ONNX domain) and version.</summary>
public sealed record OpsetImport(string Domain, long Version);

/// <summary>One metadata_props entry.</summary>
public sealed record MetadataEntry(string Key, string Value);

/// <summary>A graph input or output.</summary>
/// <param name="Name">Name in the graph.</param>
/// <param name="Kind">tensor, sparse_tensor, sequence, map, optional or unknown.</param>
/// <param name="ElementType">ONNX element type name in lower case (float, int64, float16, string, ...); null when not a tensor.</param>
/// <param name="Shape">Dimensions; empty for a scalar; null when the model does not declare a shape.</param>
/// <param name="DocString">Documentation string from the graph.</param>
public sealed record TensorSignature(string Name, string Kind, string? ElementType, EquatableArray<Dimension>? Shape, string DocString);

/// <summary>One dimension: a fixed size, a symbolic name, or neither (unknown).</summary>
/// <param name="Value">Fixed size, when known.</param>
/// <param name="Param">Symbolic name (e.g. "batch"), when the model gives one.</param>
public sealed record Dimension(long? Value, string? Param)
{
    /// <summary>True when the size is fixed in the model.</summary>
    public bool IsFixed => Value is not null;

    /// <inheritdoc />
    public override string ToString() => Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Param ?? "?";
}
