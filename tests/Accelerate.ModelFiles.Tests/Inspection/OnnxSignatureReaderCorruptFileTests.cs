using System.Text;
using Accelerate.ModelFiles.Inspection;
using static Accelerate.ModelFiles.Tests.Inspection.Onnx;
using RealModels = Accelerate.TestModels.TestModels;

namespace Accelerate.ModelFiles.Tests.Inspection;

/// <summary>Files that are not valid ONNX models must fail fast, with a message that says what is wrong.</summary>
public sealed class OnnxSignatureReaderCorruptFileTests : IDisposable
{
    private const string NotProtobuf = "The file is not an ONNX model: it is not a valid protocol buffer";
    private const string Truncated = "The file is truncated: a protocol buffer field runs past its end";

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static ProtoWriter ValidGraph => Graph([Value("x", TensorType(DataType.Float, [1]))], [Value("y", TensorType(DataType.Float, [1]))]);

    /// <summary>
    /// Reads <paramref name="bytes"/> and returns the failure, checking it names the file and fails small: the allocation
    /// bound proves the reader never buffers a declared length it was not given. No speed limit (noise on a machine shared
    /// with parallel builds): only a guard of a minute, far above any real read, that turns a reader looping forever into
    /// a failure instead of a hung run.
    /// </summary>
    private OnnxFormatException Fail(byte[] bytes)
    {
        var path = _folder.Write(bytes);
        var read = Task.Run(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var failure = Assert.Throws<OnnxFormatException>(() => OnnxSignatureReader.Read(path));
            return (failure, allocated: GC.GetAllocatedBytesForCurrentThread() - before);
        });
        Assert.True(read.Wait(TimeSpan.FromMinutes(1)), $"Reading '{path}' did not end within a minute.");
        var (error, allocated) = read.Result;

        Assert.True(allocated < 16 * 1024 * 1024, $"Failing allocated {allocated:N0} bytes.");
        Assert.Equal(path, error.ModelPath);
        Assert.StartsWith($"Cannot read the ONNX model '{path}'. ", error.Message);
        Assert.EndsWith(error.Reason, error.Message);
        return error;
    }

    private OnnxFormatException Fail(ProtoWriter model) => Fail(model.ToArray());

    [Fact]
    public void A_missing_file_is_not_found()
    {
        var path = Path.Combine(_folder.Path, "missing.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => OnnxSignatureReader.Read(path));

        Assert.Equal(path, error.FileName);
        Assert.Contains("does not exist", error.Message);
    }

    [Fact]
    public void A_file_in_a_missing_folder_is_not_found() =>
        Assert.Throws<FileNotFoundException>(() => OnnxSignatureReader.Read(Path.Combine(_folder.Path, "no", "such", "model.onnx")));

    [Fact]
    public void An_empty_file_says_so() =>
        Assert.Equal("The file is empty.", Fail([]).Reason);

    [Fact]
    public void A_file_of_zeros_is_not_a_protocol_buffer()
    {
        var error = Fail(new byte[4096]);

        Assert.StartsWith(NotProtobuf, error.Reason);
        Assert.Contains("invalid tag (zero)", error.Reason);
        Assert.IsType<Google.Protobuf.InvalidProtocolBufferException>(error.InnerException);
    }

    [Fact]
    public void Random_bytes_are_not_a_protocol_buffer()
    {
        var bytes = new byte[64 * 1024];
        new Random(20261101).NextBytes(bytes);

        Assert.StartsWith(NotProtobuf, Fail(bytes).Reason);
    }

    [Fact]
    public void A_text_file_says_it_is_text()
    {
        // '{' is a valid protobuf tag (field 15, start group), so the parser alone would call this truncated.
        var text = Encoding.UTF8.GetBytes("""
            {
              "name": "MiniLm",
              "task": "feature-extraction"
            }
            """);

        Assert.Equal("The file is not an ONNX model: it is a text file.", Fail(text).Reason);
    }

    [Fact]
    public void A_short_text_that_parses_as_protobuf_still_says_it_is_text() =>
        // 'H' is field 9 as a varint and 'i' the value 105: a valid protocol buffer without a graph.
        Assert.Equal("The file is not an ONNX model: it is a text file.", Fail(Encoding.ASCII.GetBytes("Hi")).Reason);

    [Fact]
    public void A_git_lfs_pointer_says_how_to_get_the_model()
    {
        var pointer = Encoding.ASCII.GetBytes(
            "version https://git-lfs.github.com/spec/v1\noid sha256:4a64cee3d4134bbdc86eed96e1a660efec58975417204ecfcf134140edb6e0e2\nsize 90893304\n");

        Assert.Equal(
            "The file is not an ONNX model: it is a Git LFS pointer file; fetch the real model with 'git lfs pull'.",
            Fail(pointer).Reason);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(100)]
    [InlineData(4096)]
    [InlineData(1024 * 1024)]
    [InlineData(45_000_000)]
    public void A_truncated_real_model_says_it_is_truncated(int keptBytes)
    {
        var bytes = new byte[keptBytes];
        using (var model = File.OpenRead(RealModels.MiniLmModelPath))
        {
            model.ReadExactly(bytes);
        }

        var error = Fail(bytes);

        Assert.StartsWith(Truncated, error.Reason);
        Assert.Contains($"({keptBytes:N0} bytes)", error.Reason);
    }

    [Fact]
    public void A_real_model_missing_its_last_byte_is_truncated()
    {
        var bytes = File.ReadAllBytes(RealModels.ResNet18PreprocessPath);

        Assert.StartsWith(Truncated, Fail(bytes[..^1]).Reason);
    }

    [Fact]
    public void A_protocol_buffer_without_graph_is_not_an_onnx_model() =>
        Assert.Equal("The file is not an ONNX model: it has no graph.", Fail(Model(graph: null, producerName: "pytorch")).Reason);

    [Fact]
    public void A_model_without_ir_version_is_not_an_onnx_model() =>
        Assert.Equal("The file is not an ONNX model: it has no IR version.", Fail(Model(ValidGraph, irVersion: null)).Reason);

    [Fact]
    public void A_graph_without_outputs_is_rejected() =>
        Assert.Equal(
            "The ONNX model's graph declares no outputs, so there is nothing to run it for.",
            Fail(Model(Graph([Value("x", TensorType(DataType.Float, [1]))], []))).Reason);

    [Theory]
    [InlineData(2)] // producer_name: a string
    [InlineData(7)] // graph: a message
    [InlineData(99)] // an unknown field, skipped
    public void A_length_prefix_claiming_two_gigabytes_fails_fast(int field)
    {
        var claim = new ProtoWriter().Varint(1, 8).LengthOnly(field, int.MaxValue - 16);
        // Valid fields after the claim, so the reader has to run into the end of the file to notice.
        for (var i = 0; i < 500; i++) claim.Varint(1, 1);
        var bytes = claim.ToArray();

        Assert.StartsWith(Truncated, Fail(bytes).Reason);
    }

    [Fact]
    public void A_length_prefix_beyond_the_protocol_buffer_limit_is_rejected()
    {
        var bytes = new ProtoWriter().LengthOnly(7, uint.MaxValue).ToArray();
        Array.Resize(ref bytes, 1024);

        var error = Fail(bytes);

        Assert.StartsWith(NotProtobuf, error.Reason);
        Assert.Contains("negative size", error.Reason);
    }

    [Fact]
    public void An_embedded_message_longer_than_its_parent_is_rejected()
    {
        // The graph says it is 10 bytes long, but the input inside it claims 100.
        var graph = new ProtoWriter().LengthOnly(11, 100).ToArray();
        Array.Resize(ref graph, 10);
        var model = new ProtoWriter().Varint(1, 8).Bytes(7, graph).Message(12, new ProtoWriter().String(1, "padding to make the file longer than the claim"));

        var error = Fail(model);

        Assert.StartsWith(NotProtobuf, error.Reason);
        Assert.Contains("misreported its own length", error.Reason);
    }

    [Fact]
    public void Deeply_nested_groups_hit_the_recursion_limit_instead_of_the_stack()
    {
        const int depth = 100_000;
        var bytes = new byte[depth * 2];
        for (var i = 0; i < depth; i++)
        {
            bytes[i] = (1 << 3) | 3; // start group, field 1
            bytes[bytes.Length - 1 - i] = (1 << 3) | 4; // end group, field 1
        }

        var error = Fail(bytes);

        Assert.StartsWith(NotProtobuf, error.Reason);
        Assert.Contains("too many levels of nesting", error.Reason);
    }

    [Fact]
    public void Mutated_models_either_read_or_fail_with_a_format_error()
    {
        var original = Model(ValidGraph, producerName: "fuzz", opsets: [("", 17), ("com.microsoft", 1)], metadata: [("k", "v")]).ToArray();
        var random = new Random(7);
        var path = Path.Combine(_folder.Path, "mutant.onnx");

        for (var i = 0; i < 500; i++)
        {
            var mutant = original[..random.Next(1, original.Length + 1)];
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                mutant[random.Next(mutant.Length)] = (byte)random.Next(256);
            }
            File.WriteAllBytes(path, mutant);

            try
            {
                OnnxSignatureReader.Read(path);
            }
            catch (OnnxFormatException)
            {
                // The only acceptable failure.
            }
        }
    }
}
