using Xunit;

namespace SentenceEmbeddings.Tests;

/// <summary>The generated raw API (Inputs.Create, Outputs.Create, both Run overloads) on the real all-MiniLM-L6-v2.</summary>
public sealed class RawRunTests
{
    private static MiniLmInputs Inputs(int batch, int sequence)
    {
        var inputs = MiniLmInputs.Create(batch, sequence);
        for (var i = 0; i < inputs.InputIds.Data.Length; i++)
        {
            // [CLS] some word ids [SEP], every token attended.
            inputs.InputIds.Data[i] = i % sequence == 0 ? 101 : i % sequence == sequence - 1 ? 102 : 2000 + i;
            inputs.AttentionMask.Data[i] = 1;
        }
        return inputs;
    }

    [Fact]
    public void Run_into_outputs_from_Outputs_Create_gives_the_allocating_runs_values()
    {
        using var model = new MiniLm();
        var inputs = Inputs(batch: 2, sequence: 7);

        var expected = model.Run(inputs);
        // The width (384) and the pooler's batch are dimensions only the outputs have, so they are parameters too.
        var outputs = MiniLmOutputs.Create(batch: 2, sequence: 7, lastHiddenStateDim2: 384, output924Dim0: 2);
        model.Run(inputs, outputs);

        Assert.Equal(expected.LastHiddenState.Shape, outputs.LastHiddenState.Shape);
        Assert.Equal(expected.LastHiddenState.Data, outputs.LastHiddenState.Data);
        Assert.Equal(expected.Output924.Data, outputs.Output924.Data);
        Assert.Contains(outputs.LastHiddenState.Data, v => v != 0);
    }

    [Fact]
    public void Inputs_that_disagree_on_a_shared_dimension_are_rejected_before_the_session_runs()
    {
        using var model = new MiniLm();
        var good = Inputs(batch: 1, sequence: 5);
        var inputs = new MiniLmInputs { InputIds = good.InputIds, AttentionMask = Accelerate.Runtime.TensorBuffer<long>.Zeros([1, 6]), TokenTypeIds = good.TokenTypeIds };

        var error = Assert.Throws<ArgumentException>(() => model.Run(inputs));

        Assert.Equal("inputs", error.ParamName);
        Assert.StartsWith("Input 'attention_mask' must have shape [batch, sequence] but has shape [1, 6] ('sequence' is 6 here but 5 in 'input_ids' [1, 5]).", error.Message);
    }

    [Fact]
    public void A_wrong_rank_is_rejected_with_the_expected_shape()
    {
        using var model = new MiniLm();
        var good = Inputs(batch: 1, sequence: 5);
        var inputs = new MiniLmInputs { InputIds = Accelerate.Runtime.TensorBuffer<long>.Zeros([5]), AttentionMask = good.AttentionMask, TokenTypeIds = good.TokenTypeIds };

        var error = Assert.Throws<ArgumentException>(() => model.Run(inputs, MiniLmOutputs.Create(1, 5, 384, 1)));

        Assert.StartsWith("Input 'input_ids' must have shape [batch, sequence] but has shape [5] (rank 1 instead of 2).", error.Message);
    }
}
