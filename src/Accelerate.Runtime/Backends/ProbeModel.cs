using System.Text;

namespace Accelerate.Runtime;

/// <summary>
/// The smallest useful ONNX model, built in memory: one <c>Identity</c> node from input <c>x</c> (float[1]) to output
/// <c>y</c> (float[1]), opset 13, IR version 8. The detector creates a session on it with a backend's provider to prove
/// the provider really starts on this machine.
/// </summary>
/// <remarks>
/// The bytes are a hand-encoded <c>onnx.ModelProto</c> (protobuf wire format: varints and length-delimited fields), so
/// the runtime needs neither Google.Protobuf nor a model file. Field numbers are those of onnx/onnx.proto.
/// </remarks>
internal static class ProbeModel
{
    /// <summary>The graph input's name.</summary>
    public const string InputName = "x";

    /// <summary>The graph output's name.</summary>
    public const string OutputName = "y";

    /// <summary>The only node's operator.</summary>
    public const string Operator = "Identity";

    /// <summary>The serialized ModelProto.</summary>
    public static byte[] Bytes { get; } = Build();

    private static byte[] Build() => Message(model =>
    {
        Varint(model, 1, 8); // ir_version
        Text(model, 2, "Accelerate.Runtime backend probe"); // producer_name
        Field(model, 7, Message(graph => // graph
        {
            Field(graph, 1, Message(node => // node
            {
                Text(node, 1, InputName); // input
                Text(node, 2, OutputName); // output
                Text(node, 3, "probe"); // name
                Text(node, 4, Operator); // op_type
            }));
            Text(graph, 2, "backend-probe"); // name
            Field(graph, 11, FloatVector(InputName)); // input
            Field(graph, 12, FloatVector(OutputName)); // output
        }));
        Field(model, 8, Message(opset => // opset_import
        {
            Text(opset, 1, string.Empty); // domain: the default ONNX operator set
            Varint(opset, 2, 13); // version
        }));
    });

    // ValueInfoProto { name = 1; type = 2 { tensor_type = 1 { elem_type = 1 (FLOAT); shape = 2 { dim = 1 { dim_value = 1 } } } } }
    private static byte[] FloatVector(string name) => Message(valueInfo =>
    {
        Text(valueInfo, 1, name);
        Field(valueInfo, 2, Message(type =>
            Field(type, 1, Message(tensor =>
            {
                Varint(tensor, 1, 1);
                Field(tensor, 2, Message(shape => Field(shape, 1, Message(dim => Varint(dim, 1, 1)))));
            }))));
    });

    private static byte[] Message(Action<List<byte>> write)
    {
        var buffer = new List<byte>();
        write(buffer);
        return [.. buffer];
    }

    private static void Varint(List<byte> buffer, int field, ulong value)
    {
        Tag(buffer, field, wireType: 0);
        RawVarint(buffer, value);
    }

    private static void Text(List<byte> buffer, int field, string value) => Field(buffer, field, Encoding.UTF8.GetBytes(value));

    private static void Field(List<byte> buffer, int field, byte[] value)
    {
        Tag(buffer, field, wireType: 2);
        RawVarint(buffer, (ulong)value.Length);
        buffer.AddRange(value);
    }

    private static void Tag(List<byte> buffer, int field, int wireType) => RawVarint(buffer, (ulong)((field << 3) | wireType));

    private static void RawVarint(List<byte> buffer, ulong value)
    {
        while (value >= 0x80)
        {
            buffer.Add((byte)(value | 0x80));
            value >>= 7;
        }

        buffer.Add((byte)value);
    }
}
