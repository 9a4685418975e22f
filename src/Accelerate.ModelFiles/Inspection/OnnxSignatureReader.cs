using System.Globalization;
using System.Security.Cryptography;
using Accelerate.Manifest;
using Accelerate.Manifest.Signatures;
using Google.Protobuf;

namespace Accelerate.ModelFiles.Inspection;

/// <summary>
/// Reads the graph signature (inputs, outputs, opsets, producer, metadata) of an ONNX model file by walking
/// its protocol buffer wire format. Weights and nodes are skipped as they stream past, so a model of any size
/// is read with a few kilobytes of buffers and ONNX Runtime is never loaded.
/// </summary>
public static class OnnxSignatureReader
{
    // CodedInputStream reads 4 KB at a time; a larger FileStream buffer turns that into fewer system calls.
    private const int FileBufferSize = 1 << 16;

    // Names of onnx.TensorProto.DataType values, indexed by number (onnx/onnx.proto).
    private static readonly string[] ElementTypeNames =
    [
        "undefined", "float", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool",
        "float16", "double", "uint32", "uint64", "complex64", "complex128", "bfloat16",
        "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4", "int4", "float4e2m1",
        "float8e8m0", "uint2", "int2",
    ];

    /// <summary>
    /// Reads the signature of the ONNX model at <paramref name="modelPath"/>, with its SHA-256 and size.
    /// <see cref="ModelSignature.ManifestPath"/>, <see cref="ModelSignature.ModelFile"/> and
    /// <see cref="ModelSignature.VocabFile"/> are left for the caller to fill.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="OnnxFormatException">The file is not a valid ONNX model; the message says why.</exception>
    public static ModelSignature Read(string modelPath)
    {
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"The ONNX model '{modelPath}' does not exist.", modelPath);
        }

        using var stream = new FileStream(modelPath, FileMode.Open, FileAccess.Read, FileShare.Read, FileBufferSize, FileOptions.SequentialScan);
        var length = stream.Length;
        var model = Parse(modelPath, stream, length);
        var (graph, irVersion) = Validate(modelPath, model, stream);

        stream.Position = 0;
        var sha256 = Convert.ToHexString(SHA256.HashData(stream)).ToLowerInvariant();

        return new ModelSignature
        {
            Sha256 = sha256,
            SizeBytes = length,
            IrVersion = irVersion,
            ProducerName = model.ProducerName,
            ProducerVersion = model.ProducerVersion,
            Domain = model.Domain,
            ModelVersion = model.ModelVersion,
            DocString = model.DocString,
            GraphName = graph.Name,
            Opsets = model.Opsets.Select(o => new OpsetImport(o.Domain, o.Version)).ToEquatableArray(),
            Metadata = model.MetadataProps.Select(m => new MetadataEntry(m.Key, m.Value)).ToEquatableArray(),
            // Before IR version 4 every weight was also listed as a graph input; those are not for the caller to feed.
            Inputs = graph.Inputs.Where(i => !graph.InitializerNames.Contains(i.Name)).Select(ToSignature).ToEquatableArray(),
            Outputs = graph.Outputs.Select(ToSignature).ToEquatableArray(),
        };
    }

    /// <summary>The lower-case ONNX name of a TensorProto.DataType number, or "unknown(N)".</summary>
    internal static string ElementTypeName(int dataType) =>
        dataType >= 0 && dataType < ElementTypeNames.Length
            ? ElementTypeNames[dataType]
            : "unknown(" + dataType.ToString(CultureInfo.InvariantCulture) + ")";

    private static ModelMessage Parse(string modelPath, Stream stream, long length)
    {
        if (length == 0) throw new OnnxFormatException(modelPath, "The file is empty.");
        if (length > int.MaxValue)
        {
            // Protocol buffers cannot exceed 2 GB; ONNX models that large keep their weights in external data files.
            throw new OnnxFormatException(modelPath, $"The file is {length:N0} bytes, larger than the 2 GB a protocol buffer can hold, so it is not an ONNX model file.");
        }

        using var input = new CodedInputStream(stream, leaveOpen: true);
        var model = new ModelMessage();
        try
        {
            model.MergeFrom(input);
            return model;
        }
        catch (InvalidProtocolBufferException e)
        {
            // Position is derived from the stream's, so take it before anything else reads the stream.
            var failedAt = input.Position;
            throw new OnnxFormatException(modelPath, ExplainParseFailure(stream, failedAt, length, e), e);
        }
    }

    private static string ExplainParseFailure(Stream stream, long failedAt, long length, InvalidProtocolBufferException error)
    {
        // Text parses as protobuf for a while (bytes such as '{' are valid tags), so say what the file really is.
        if (DescribeText(stream) is { } text) return $"The file is not an ONNX model: it is {text}.";
        // Every length prefix that claims more than is left makes the reader run into the end of the file.
        if (failedAt >= length)
        {
            return $"The file is truncated: a protocol buffer field runs past its end ({length:N0} bytes). It may be an incomplete download or copy, or not an ONNX model.";
        }
        return $"The file is not an ONNX model: it is not a valid protocol buffer (at byte {failedAt:N0}: {error.Message})";
    }

    /// <summary>Describes the file when its first bytes are text (an ONNX model starts with control bytes), else null.</summary>
    private static string? DescribeText(Stream stream)
    {
        Span<byte> head = stackalloc byte[512];
        stream.Position = 0;
        var count = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..count];
        foreach (var b in head)
        {
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r')) return null;
        }
        return head.StartsWith("version https://git-lfs"u8)
            ? "a Git LFS pointer file; fetch the real model with 'git lfs pull'"
            : "a text file";
    }

    private static (GraphMessage Graph, long IrVersion) Validate(string modelPath, ModelMessage model, Stream stream)
    {
        if (model.Graph is not { } graph)
        {
            var what = DescribeText(stream) is { } text ? $"it is {text}" : "it has no graph";
            throw new OnnxFormatException(modelPath, $"The file is not an ONNX model: {what}.");
        }
        if (model.IrVersion is not { } irVersion)
        {
            throw new OnnxFormatException(modelPath, "The file is not an ONNX model: it has no IR version.");
        }
        if (graph.Outputs.Count == 0)
        {
            throw new OnnxFormatException(modelPath, "The ONNX model's graph declares no outputs, so there is nothing to run it for.");
        }
        return (graph, irVersion);
    }

    private static TensorSignature ToSignature(ValueInfoMessage value)
    {
        var tensor = value.Type?.Tensor;
        return new TensorSignature(
            value.Name,
            value.Type?.Kind ?? "unknown",
            tensor is null ? null : ElementTypeName(tensor.ElemType),
            tensor?.Shape?.Dims.Select(ToDimension).ToEquatableArray(),
            value.DocString);
    }

    // An empty dim_param names nothing: treat it like a dimension with neither a value nor a name.
    private static Dimension ToDimension(DimensionMessage dim) =>
        new(dim.Value, string.IsNullOrEmpty(dim.Param) ? null : dim.Param);
}
