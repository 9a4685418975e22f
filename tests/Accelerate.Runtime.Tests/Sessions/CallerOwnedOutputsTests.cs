using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime.Tests.Sessions;

/// <summary><see cref="ModelSession.Run(IReadOnlyList{string}, ReadOnlySpan{ITensorBuffer}, IReadOnlyList{string}, ReadOnlySpan{ITensorBuffer})"/>: outputs written into the caller's buffers.</summary>
public sealed class CallerOwnedOutputsTests(MiniLm miniLm)
{
    private static readonly string[] InputNames = ["input_ids", "attention_mask", "token_type_ids"];
    private static readonly string[] OutputNames = ["last_hidden_state", "924"];

    [Fact]
    public void WritesTheSameValuesAsTheAllocatingRun()
    {
        var inputs = Inputs(miniLm.Tokenizer, "The weather is lovely today.", "It's so sunny outside!!");
        var batch = inputs[0].Shape[0];
        var sequence = inputs[0].Shape[1];
        var hidden = TensorBuffer<float>.Zeros([batch, sequence, 384]);
        var pooled = TensorBuffer<float>.Zeros([batch, 384]);

        miniLm.Session.Run(InputNames, inputs, OutputNames, [hidden, pooled]);
        var expected = miniLm.Session.Run(InputNames, inputs, OutputNames);

        Assert.Equal(((TensorBuffer<float>)expected[0]).Data, hidden.Data);
        Assert.Equal(((TensorBuffer<float>)expected[1]).Data, pooled.Data);
    }

    [Fact]
    public void NewBuffersAndShapesAreBoundAfresh()
    {
        foreach (var texts in new[] { new[] { "one" }, ["one", "two words here"], ["one"], ["three more words"] })
        {
            var inputs = Inputs(miniLm.Tokenizer, texts);
            var hidden = TensorBuffer<float>.Zeros([inputs[0].Shape[0], inputs[0].Shape[1], 384]);

            miniLm.Session.Run(InputNames, inputs, ["last_hidden_state"], [hidden]);

            var expected = (TensorBuffer<float>)miniLm.Session.Run(InputNames, inputs, ["last_hidden_state"])[0];
            Assert.Equal(expected.Data, hidden.Data);
        }
    }

    [Fact]
    public void ReusedBuffersSeeNewContents()
    {
        var first = Inputs(miniLm.Tokenizer, "alpha beta");
        var second = Inputs(miniLm.Tokenizer, "gamma delta");
        Assert.Equal(first[0].Shape, second[0].Shape);
        var hidden = TensorBuffer<float>.Zeros([1, first[0].Shape[1], 384]);

        miniLm.Session.Run(InputNames, first, ["last_hidden_state"], [hidden]);
        var fromFirst = (float[])hidden.Data.Clone();
        // Same arrays (so the cached values are reused), new token ids.
        ((TensorBuffer<long>)second[0]).Data.CopyTo(((TensorBuffer<long>)first[0]).Data, 0);
        miniLm.Session.Run(InputNames, first, ["last_hidden_state"], [hidden]);

        Assert.NotEqual(fromFirst, hidden.Data);
        Assert.Equal(((TensorBuffer<float>)miniLm.Session.Run(InputNames, second, ["last_hidden_state"])[0]).Data, hidden.Data);
    }

    [Fact]
    public void SteadyStateAllocatesNoMoreThanARunOnPreBoundValues()
    {
        var inputs = Inputs(miniLm.Tokenizer, "a text of some length for the allocation check");
        var batch = inputs[0].Shape[0];
        var sequence = inputs[0].Shape[1];
        ITensorBuffer[] outputs = [TensorBuffer<float>.Zeros([batch, sequence, 384]), TensorBuffer<float>.Zeros([batch, 384])];
        using var runOptions = new RunOptions();
        OrtValue[] boundInputs = [.. inputs.Select(i => OrtValue.CreateTensorValueFromMemory(((TensorBuffer<long>)i).Data, i.Shape))];
        OrtValue[] boundOutputs = [.. outputs.Select(o => OrtValue.CreateTensorValueFromMemory(((TensorBuffer<float>)o).Data, o.Shape))];
        try
        {
            var handWritten = Allocations.PerCall(() => miniLm.Session.Session.Run(runOptions, InputNames, boundInputs, OutputNames, boundOutputs));
            var callerOwned = Allocations.PerCall(() => miniLm.Session.Run(InputNames, inputs, OutputNames, outputs));

            // The same ONNX Runtime call on both sides; the wrapper's checks and cached bindings allocate nothing.
            Assert.True(callerOwned <= handWritten + 32, $"caller-owned Run allocates {callerOwned:F0} B per call; InferenceSession.Run on pre-bound values {handWritten:F0} B.");
        }
        finally
        {
            foreach (var value in boundInputs.Concat(boundOutputs))
            {
                value.Dispose();
            }
        }
    }

    [Fact]
    public void AWrongBatchOrSequenceSizeIsExplainedBeforeTheRun()
    {
        var inputs = Inputs(miniLm.Tokenizer, "hello world");
        var sequence = inputs[0].Shape[1];

        var error = Assert.Throws<ArgumentException>(() =>
            miniLm.Session.Run(InputNames, inputs, ["last_hidden_state"], [TensorBuffer<float>.Zeros([2, sequence, 384])]));

        Assert.Equal("outputs", error.ParamName);
        Assert.Contains("'last_hidden_state'", error.Message);
        Assert.Contains($"[2, {sequence}, 384]", error.Message);
        Assert.Contains("which is 1 in these inputs", error.Message);
    }

    [Fact]
    public void AWrongFixedDimensionIsExplainedBeforeTheRun()
    {
        var inputs = Inputs(miniLm.Tokenizer, "hello world");

        var error = Assert.Throws<ArgumentException>(() =>
            miniLm.Session.Run(InputNames, inputs, ["924"], [TensorBuffer<float>.Zeros([1, 100])]));

        Assert.Contains("'924'", error.Message);
        Assert.Contains("dimension 1 is fixed at 384", error.Message);
    }

    [Fact]
    public void AWrongWidthTheMetadataLeavesOpenIsExplainedAfterTheRun()
    {
        // Without graph optimisation ONNX Runtime's metadata leaves MiniLM's width open ([batch, sequence, -1]), so only
        // the run itself can tell: its shape-mismatch error comes back as an ArgumentException naming the buffers.
        using var session = ModelSession.Open(Models.MiniLmModelPath, ["cpu"], new AccelerateSessionOptions { GraphOptimization = GraphOptimization.None, IntraOpThreads = 1 });
        Assert.True(session.Session.OutputMetadata["last_hidden_state"].Dimensions[2] <= 0);
        var inputs = Inputs(miniLm.Tokenizer, "hello world");
        var sequence = inputs[0].Shape[1];

        var error = Assert.Throws<ArgumentException>(() =>
            session.Run(InputNames, inputs, ["last_hidden_state"], [TensorBuffer<float>.Zeros([1, sequence, 100])]));

        Assert.Equal("outputs", error.ParamName);
        Assert.Contains($"'last_hidden_state' [1, {sequence}, 100]", error.Message);
        Assert.IsType<OnnxRuntimeException>(error.InnerException);

        // The same session still works with the right buffer afterwards.
        var hidden = TensorBuffer<float>.Zeros([1, sequence, 384]);
        session.Run(InputNames, inputs, ["last_hidden_state"], [hidden]);
        Assert.Contains(hidden.Data, v => v != 0);
    }

    [Fact]
    public void AWrongWidthTheMetadataKnowsIsExplainedBeforeTheRun()
    {
        var inputs = Inputs(miniLm.Tokenizer, "hello world");
        var sequence = inputs[0].Shape[1];

        var error = Assert.Throws<ArgumentException>(() =>
            miniLm.Session.Run(InputNames, inputs, ["last_hidden_state"], [TensorBuffer<float>.Zeros([1, sequence, 100])]));

        Assert.Equal("outputs", error.ParamName);
        Assert.Contains($"The buffer for output 'last_hidden_state' has shape [1, {sequence}, 100], but the model produces [batch, sequence, 384] for these inputs: dimension 2 is fixed at 384.", error.Message);
    }

    [Fact]
    public void WrongTypesRanksAndCountsAreRejected()
    {
        var inputs = Inputs(miniLm.Tokenizer, "hello");
        var sequence = inputs[0].Shape[1];

        Assert.Contains("holds Double", Assert.Throws<ArgumentException>(() =>
            miniLm.Session.Run(InputNames, inputs, ["924"], [TensorBuffer<double>.Zeros([1, 384])])).Message);
        Assert.Contains("rank 3", Assert.Throws<ArgumentException>(() =>
            miniLm.Session.Run(InputNames, inputs, ["last_hidden_state"], [TensorBuffer<float>.Zeros([1, sequence * 384])])).Message);
        Assert.Throws<ArgumentException>(() => miniLm.Session.Run(InputNames, inputs, OutputNames, [TensorBuffer<float>.Zeros([1, 384])]));
        Assert.Contains("no output 'nope'", Assert.Throws<ArgumentException>(() =>
            miniLm.Session.Run(InputNames, inputs, ["nope"], [TensorBuffer<float>.Zeros([1, 384])])).Message);
        Assert.Throws<NotSupportedException>(() =>
            miniLm.Session.Run(InputNames, inputs, ["924"], [TensorBuffer<string>.Zeros([1, 384])]));
    }

    [Fact]
    public void ConcurrentCallersWithTheirOwnBuffersGetTheirOwnResults()
    {
        string[] texts = ["first text", "second, longer text here", "third", "a fourth one with several more tokens"];
        var expected = texts.Select(t => ((TensorBuffer<float>)miniLm.Session.Run(InputNames, Inputs(miniLm.Tokenizer, t), ["924"])[0]).Data).ToArray();

        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var inputs = Inputs(miniLm.Tokenizer, texts[i % texts.Length]);
            var pooled = TensorBuffer<float>.Zeros([1, 384]);
            for (var repeat = 0; repeat < 3; repeat++)
            {
                miniLm.Session.Run(InputNames, inputs, ["924"], [pooled]);
                Vectors.AssertClose(expected[i % texts.Length], pooled.Data, 1e-6);
            }
        });
    }

    // [batch, sequence] inputs of texts padded to the longest.
    private static ITensorBuffer[] Inputs(WordPieceTokenizer tokenizer, params string[] texts)
    {
        var ids = texts.Select(t => tokenizer.Encode(t, 256)).ToArray();
        var sequence = ids.Max(i => i.Length);
        long[] shape = [texts.Length, sequence];
        var flat = new long[texts.Length * sequence];
        var mask = new long[flat.Length];
        for (var r = 0; r < ids.Length; r++)
        {
            ids[r].CopyTo(flat, r * sequence);
            mask.AsSpan(r * sequence, ids[r].Length).Fill(1);
        }

        return [new TensorBuffer<long>(flat, shape), new TensorBuffer<long>(mask, shape), new TensorBuffer<long>(new long[flat.Length], shape)];
    }
}
