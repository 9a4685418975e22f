namespace Accelerate.Imaging.Tests;

/// <summary>ImageClassificationPipeline's post-processing: softmax by mode, top-k sorted descending.</summary>
public sealed class ClassificationScoresTests
{
    [Fact]
    public void Logits_go_through_softmax_in_auto_mode()
    {
        var p = ImageClassificationPipeline.Probabilities([2f, 0f], SoftmaxMode.Auto);

        Assert.Equal(1f / (1f + MathF.Exp(-2f)), p[0], 6);
        Assert.Equal(1f / (1f + MathF.Exp(2f)), p[1], 6);
    }

    [Fact]
    public void Rows_that_already_are_probabilities_are_kept_in_auto_mode_but_not_in_always_mode()
    {
        Assert.Equal([0.9f, 0.1f], ImageClassificationPipeline.Probabilities([0.9f, 0.1f], SoftmaxMode.Auto));
        var always = ImageClassificationPipeline.Probabilities([0.9f, 0.1f], SoftmaxMode.Always);
        Assert.Equal(1f / (1f + MathF.Exp(-0.8f)), always[0], 6);
    }

    [Fact]
    public void Never_keeps_raw_scores_and_a_negative_row_summing_to_one_still_gets_softmax_in_auto_mode()
    {
        Assert.Equal([3f, -1f], ImageClassificationPipeline.Probabilities([3f, -1f], SoftmaxMode.Never));
        var auto = ImageClassificationPipeline.Probabilities([2f, -1f], SoftmaxMode.Auto);
        Assert.Equal(1f, auto[0] + auto[1], 6);
        Assert.True(auto[0] > 0.9f);
    }

    [Fact]
    public void Large_logits_do_not_overflow()
    {
        var p = ImageClassificationPipeline.Probabilities([1000f, 999f], SoftmaxMode.Always);

        Assert.Equal(1f / (1f + MathF.Exp(-1f)), p[0], 6);
    }

    [Fact]
    public void Top_k_is_sorted_descending_with_ties_in_class_order_and_capped()
    {
        var top = ImageClassificationPipeline.Top([0.1f, 0.4f, 0.1f, 0.4f], ["a", "b", "c", "d"], 3);

        Assert.Equal([new LabelScore("b", 0.4f), new LabelScore("d", 0.4f), new LabelScore("a", 0.1f)], top);
        Assert.Equal(4, ImageClassificationPipeline.Top([0.1f, 0.4f, 0.1f, 0.4f], ["a", "b", "c", "d"], 10).Count);
    }

    [Fact]
    public void A_score_count_other_than_the_label_count_is_a_clear_error()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ImageClassificationPipeline.Top([0.5f, 0.5f], ["only"], 1));

        Assert.Equal("The model returned 2 scores per image but there are 1 labels.", e.Message);
    }
}
