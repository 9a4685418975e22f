using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Accelerate.ModelFiles.Inspection;

// Minimal read-only views of the onnx.proto messages: each keeps only the fields the signature needs and
// skips everything else on the wire, so weights (TensorProto.raw_data) and nodes stream past without being
// materialised. They implement IMessage only so CodedInputStream.ReadMessage can enforce each embedded
// message's length limit for us. Field numbers are those of onnx/onnx.proto.

/// <summary>Base of the wire views: dispatches each tag to <see cref="TryReadField"/> and skips the rest.</summary>
internal abstract class WireMessage : IMessage
{
    // Tags are (field number << 3) | wire type; switching on the whole tag means a known field number
    // arriving with an unexpected wire type is skipped instead of misread.
    protected const uint Varint = 0;
    protected const uint LengthDelimited = 2;

    public void MergeFrom(CodedInputStream input)
    {
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (!TryReadField(input, tag)) input.SkipLastField();
        }
    }

    /// <summary>Reads the field the last tag announced, or returns false to have it skipped.</summary>
    protected abstract bool TryReadField(CodedInputStream input, uint tag);

    void IMessage.WriteTo(CodedOutputStream output) => throw new NotSupportedException("ONNX wire views are read-only.");

    int IMessage.CalculateSize() => throw new NotSupportedException("ONNX wire views are read-only.");

    MessageDescriptor IMessage.Descriptor => throw new NotSupportedException("ONNX wire views have no descriptor.");
}

/// <summary>onnx.ModelProto.</summary>
internal sealed class ModelMessage : WireMessage
{
    private const uint IrVersionTag = 1 << 3 | Varint;
    private const uint ProducerNameTag = 2 << 3 | LengthDelimited;
    private const uint ProducerVersionTag = 3 << 3 | LengthDelimited;
    private const uint DomainTag = 4 << 3 | LengthDelimited;
    private const uint ModelVersionTag = 5 << 3 | Varint;
    private const uint DocStringTag = 6 << 3 | LengthDelimited;
    private const uint GraphTag = 7 << 3 | LengthDelimited;
    private const uint OpsetImportTag = 8 << 3 | LengthDelimited;
    private const uint MetadataPropsTag = 14 << 3 | LengthDelimited;

    public long? IrVersion { get; private set; }
    public string ProducerName { get; private set; } = "";
    public string ProducerVersion { get; private set; } = "";
    public string Domain { get; private set; } = "";
    public long ModelVersion { get; private set; }
    public string DocString { get; private set; } = "";
    public GraphMessage? Graph { get; private set; }
    public List<OpsetMessage> Opsets { get; } = [];
    public List<StringPairMessage> MetadataProps { get; } = [];

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        switch (tag)
        {
            case IrVersionTag: IrVersion = input.ReadInt64(); break;
            case ProducerNameTag: ProducerName = input.ReadString(); break;
            case ProducerVersionTag: ProducerVersion = input.ReadString(); break;
            case DomainTag: Domain = input.ReadString(); break;
            case ModelVersionTag: ModelVersion = input.ReadInt64(); break;
            case DocStringTag: DocString = input.ReadString(); break;
            // A repeated occurrence of a singular message merges into the first (protobuf semantics).
            case GraphTag: input.ReadMessage(Graph ??= new GraphMessage()); break;
            case OpsetImportTag: Opsets.Add(input.ReadChild(new OpsetMessage())); break;
            case MetadataPropsTag: MetadataProps.Add(input.ReadChild(new StringPairMessage())); break;
            default: return false;
        }
        return true;
    }
}

/// <summary>onnx.OperatorSetIdProto.</summary>
internal sealed class OpsetMessage : WireMessage
{
    private const uint DomainTag = 1 << 3 | LengthDelimited;
    private const uint VersionTag = 2 << 3 | Varint;

    public string Domain { get; private set; } = "";
    public long Version { get; private set; }

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        switch (tag)
        {
            case DomainTag: Domain = input.ReadString(); break;
            case VersionTag: Version = input.ReadInt64(); break;
            default: return false;
        }
        return true;
    }
}

/// <summary>onnx.StringStringEntryProto.</summary>
internal sealed class StringPairMessage : WireMessage
{
    private const uint KeyTag = 1 << 3 | LengthDelimited;
    private const uint ValueTag = 2 << 3 | LengthDelimited;

    public string Key { get; private set; } = "";
    public string Value { get; private set; } = "";

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        switch (tag)
        {
            case KeyTag: Key = input.ReadString(); break;
            case ValueTag: Value = input.ReadString(); break;
            default: return false;
        }
        return true;
    }
}

/// <summary>onnx.GraphProto: name, doc string, inputs, outputs and the names of its initializers.</summary>
internal sealed class GraphMessage : WireMessage
{
    private const uint NameTag = 2 << 3 | LengthDelimited;
    private const uint InitializerTag = 5 << 3 | LengthDelimited;
    private const uint DocStringTag = 10 << 3 | LengthDelimited;
    private const uint InputTag = 11 << 3 | LengthDelimited;
    private const uint OutputTag = 12 << 3 | LengthDelimited;
    private const uint SparseInitializerTag = 15 << 3 | LengthDelimited;

    public string Name { get; private set; } = "";
    public string DocString { get; private set; } = "";
    public List<ValueInfoMessage> Inputs { get; } = [];
    public List<ValueInfoMessage> Outputs { get; } = [];
    public HashSet<string> InitializerNames { get; } = new(StringComparer.Ordinal);

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        switch (tag)
        {
            case NameTag: Name = input.ReadString(); break;
            case InitializerTag: InitializerNames.Add(input.ReadChild(new TensorNameMessage()).Name); break;
            case SparseInitializerTag: InitializerNames.Add(input.ReadChild(new SparseTensorNameMessage()).Name); break;
            case DocStringTag: DocString = input.ReadString(); break;
            case InputTag: Inputs.Add(input.ReadChild(new ValueInfoMessage())); break;
            case OutputTag: Outputs.Add(input.ReadChild(new ValueInfoMessage())); break;
            default: return false;
        }
        return true;
    }
}

/// <summary>onnx.TensorProto reduced to its name; the data fields are skipped on the wire.</summary>
internal sealed class TensorNameMessage : WireMessage
{
    private const uint NameTag = 8 << 3 | LengthDelimited;

    public string Name { get; private set; } = "";

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        if (tag != NameTag) return false;
        Name = input.ReadString();
        return true;
    }
}

/// <summary>onnx.SparseTensorProto reduced to the name of its values tensor (the initializer's name).</summary>
internal sealed class SparseTensorNameMessage : WireMessage
{
    private const uint ValuesTag = 1 << 3 | LengthDelimited;

    private readonly TensorNameMessage _values = new();

    public string Name => _values.Name;

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        if (tag != ValuesTag) return false;
        input.ReadMessage(_values);
        return true;
    }
}

/// <summary>onnx.ValueInfoProto: a graph input or output.</summary>
internal sealed class ValueInfoMessage : WireMessage
{
    private const uint NameTag = 1 << 3 | LengthDelimited;
    private const uint TypeTag = 2 << 3 | LengthDelimited;
    private const uint DocStringTag = 3 << 3 | LengthDelimited;

    public string Name { get; private set; } = "";
    public TypeMessage? Type { get; private set; }
    public string DocString { get; private set; } = "";

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        switch (tag)
        {
            case NameTag: Name = input.ReadString(); break;
            case TypeTag: input.ReadMessage(Type ??= new TypeMessage()); break;
            case DocStringTag: DocString = input.ReadString(); break;
            default: return false;
        }
        return true;
    }
}

/// <summary>
/// onnx.TypeProto: which member of its <c>value</c> oneof is set, and for (sparse) tensors the element
/// type and shape. Sequence, map and optional element types are not needed by the signature and are skipped.
/// </summary>
internal sealed class TypeMessage : WireMessage
{
    private const uint TensorTypeTag = 1 << 3 | LengthDelimited;
    private const uint SequenceTypeTag = 4 << 3 | LengthDelimited;
    private const uint MapTypeTag = 5 << 3 | LengthDelimited;
    private const uint OpaqueTypeTag = 7 << 3 | LengthDelimited;
    private const uint SparseTensorTypeTag = 8 << 3 | LengthDelimited;
    private const uint OptionalTypeTag = 9 << 3 | LengthDelimited;

    /// <summary>tensor, sparse_tensor, sequence, map, optional or unknown (nothing set, or an opaque type).</summary>
    public string Kind { get; private set; } = "unknown";

    /// <summary>Element type and shape when <see cref="Kind"/> is tensor or sparse_tensor.</summary>
    public TensorTypeMessage? Tensor { get; private set; }

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        switch (tag)
        {
            case TensorTypeTag: ReadTensor(input, "tensor"); break;
            case SparseTensorTypeTag: ReadTensor(input, "sparse_tensor"); break;
            case SequenceTypeTag: SkipOther(input, "sequence"); break;
            case MapTypeTag: SkipOther(input, "map"); break;
            case OptionalTypeTag: SkipOther(input, "optional"); break;
            case OpaqueTypeTag: SkipOther(input, "unknown"); break;
            default: return false;
        }
        return true;
    }

    // oneof semantics: the last member on the wire wins; the same member seen twice merges.
    private void ReadTensor(CodedInputStream input, string kind)
    {
        if (Kind != kind) Tensor = null;
        Kind = kind;
        input.ReadMessage(Tensor ??= new TensorTypeMessage());
    }

    private void SkipOther(CodedInputStream input, string kind)
    {
        Kind = kind;
        Tensor = null;
        input.SkipLastField();
    }
}

/// <summary>onnx.TypeProto.Tensor and onnx.TypeProto.SparseTensor (same layout).</summary>
internal sealed class TensorTypeMessage : WireMessage
{
    private const uint ElemTypeTag = 1 << 3 | Varint;
    private const uint ShapeTag = 2 << 3 | LengthDelimited;

    public int ElemType { get; private set; }

    /// <summary>Null when the model declares no shape (rank unknown); empty for a scalar.</summary>
    public ShapeMessage? Shape { get; private set; }

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        switch (tag)
        {
            case ElemTypeTag: ElemType = input.ReadInt32(); break;
            case ShapeTag: input.ReadMessage(Shape ??= new ShapeMessage()); break;
            default: return false;
        }
        return true;
    }
}

/// <summary>onnx.TensorShapeProto.</summary>
internal sealed class ShapeMessage : WireMessage
{
    private const uint DimTag = 1 << 3 | LengthDelimited;

    public List<DimensionMessage> Dims { get; } = [];

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        if (tag != DimTag) return false;
        Dims.Add(input.ReadChild(new DimensionMessage()));
        return true;
    }
}

/// <summary>onnx.TensorShapeProto.Dimension: a oneof of dim_value and dim_param (denotation is skipped).</summary>
internal sealed class DimensionMessage : WireMessage
{
    private const uint DimValueTag = 1 << 3 | Varint;
    private const uint DimParamTag = 2 << 3 | LengthDelimited;

    public long? Value { get; private set; }
    public string? Param { get; private set; }

    protected override bool TryReadField(CodedInputStream input, uint tag)
    {
        switch (tag)
        {
            case DimValueTag: Value = input.ReadInt64(); Param = null; break;
            case DimParamTag: Param = input.ReadString(); Value = null; break;
            default: return false;
        }
        return true;
    }
}

internal static class CodedInputStreamExtensions
{
    /// <summary>Reads a length-delimited embedded message into <paramref name="message"/> and returns it.</summary>
    public static T ReadChild<T>(this CodedInputStream input, T message) where T : IMessage
    {
        input.ReadMessage(message);
        return message;
    }
}
