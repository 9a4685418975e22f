using Accelerate.Imaging.Internal;
using Accelerate.Runtime;

namespace Accelerate.Imaging;

/// <summary>One label of a classification and its score (a probability unless softmax is "never").</summary>
/// <param name="Label">The class label.</param>
/// <param name="Score">Its score.</param>
public sealed record LabelScore(string Label, float Score);

/// <summary>Whether the classifier's outputs go through softmax.</summary>
public enum SoftmaxMode
{
    /// <summary>Softmax for each output row unless the row already is a probability distribution (no negative score, sum 1 within 1e-3).</summary>
    Auto,

    /// <summary>Always softmax (the model outputs logits).</summary>
    Always,

    /// <summary>Never: the scores are the model's outputs as they are.</summary>
    Never,
}

/// <summary>
/// Image → labels with scores: images preprocessed as <see cref="ImagePreprocessing"/> says, run in one batch when the
/// model's batch is dynamic, each [classes] output row turned into probabilities (<see cref="SoftmaxMode"/>), and the
/// <see cref="TopK"/> best labels returned, highest score first (ties: the earlier class first). Thread-safe; owns its session.
/// </summary>
public sealed class ImageClassificationPipeline : ITaskPipeline
{
    private readonly ImageModelRunner _runner;
    private readonly string[] _labels;

    private ImageClassificationPipeline(ImageModelRunner runner, string[] labels, int topK, SoftmaxMode softmax)
    {
        _runner = runner;
        _labels = labels;
        TopK = Math.Min(topK, labels.Length);
        Softmax = softmax;
    }

    /// <inheritdoc />
    public ModelSession Session => _runner.Session;

    /// <summary>How images become the model's input.</summary>
    public ImagePreprocessing Preprocessing => _runner.Preprocessing;

    /// <summary>The class labels, in the model's output order.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>How many labels <c>Classify</c> returns.</summary>
    public int TopK { get; }

    /// <summary>Whether outputs go through softmax.</summary>
    public SoftmaxMode Softmax { get; }

    /// <summary>Opens the model.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="defaultBackends">The manifest's backends, used when the options name none.</param>
    /// <param name="options">Backends and ONNX Runtime settings.</param>
    /// <param name="preprocessing">Decoding, resizing and normalisation.</param>
    /// <param name="inputName">The image input.</param>
    /// <param name="outputName">The [batch, classes] output.</param>
    /// <param name="batchDynamic">Whether several images may run in one batch.</param>
    /// <param name="labels">One label per class, in output order.</param>
    /// <param name="topK">How many labels to return (at least 1; capped at the class count).</param>
    /// <param name="softmax">Whether outputs go through softmax.</param>
    /// <returns>The pipeline; dispose it.</returns>
    public static ImageClassificationPipeline Open(string modelPath, IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? options,
        ImagePreprocessing preprocessing, string inputName, string outputName, bool batchDynamic, IReadOnlyList<string> labels, int topK, SoftmaxMode softmax)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.Count == 0) throw new ArgumentException("An image classifier needs at least one label.", nameof(labels));
        ArgumentOutOfRangeException.ThrowIfLessThan(topK, 1);
        return new ImageClassificationPipeline(
            ImageModelRunner.Open(modelPath, defaultBackends, options, preprocessing, inputName, outputName, batchDynamic), labels.ToArray(), topK, softmax);
    }

    /// <summary>The <see cref="TopK"/> best labels of one image file, highest score first.</summary>
    /// <param name="imagePath">A PNG, JPEG, WebP, GIF or BMP file.</param>
    public IReadOnlyList<LabelScore> Classify(string imagePath) => Top(Scores(imagePath));

    /// <summary>The <see cref="TopK"/> best labels of one encoded image.</summary>
    /// <param name="image">A stream holding a PNG, JPEG, WebP, GIF or BMP image.</param>
    public IReadOnlyList<LabelScore> Classify(Stream image) => Top(Probabilities(_runner.Stream(image)));

    /// <summary>The <see cref="TopK"/> best labels of one encoded image held in memory.</summary>
    /// <param name="image">The bytes of a PNG, JPEG, WebP, GIF or BMP image.</param>
    public IReadOnlyList<LabelScore> Classify(ReadOnlySpan<byte> image) => Top(Probabilities(_runner.Bytes(image)));

    /// <summary>The best labels of several image files, in one batch when the model allows; results keep the input order.</summary>
    /// <param name="imagePaths">The image files.</param>
    public IReadOnlyList<LabelScore>[] Classify(IReadOnlyList<string> imagePaths) => Scores(imagePaths).Select(Top).ToArray();

    /// <summary>Every class's score for one image file, in label order (after softmax as <see cref="Softmax"/> says).</summary>
    /// <param name="imagePath">A PNG, JPEG, WebP, GIF or BMP file.</param>
    public float[] Scores(string imagePath) => Probabilities(_runner.File(imagePath));

    /// <summary>Every class's score for several image files, in one batch when the model allows.</summary>
    /// <param name="imagePaths">The image files.</param>
    public float[][] Scores(IReadOnlyList<string> imagePaths) => _runner.Files(imagePaths).Select(Probabilities).ToArray();

    /// <summary>The best labels of decoded images the caller owns (line crops of the OCR pipeline), in one batch when the model allows.</summary>
    internal IReadOnlyList<LabelScore>[] Classify(IReadOnlyList<RgbaImage> images) => _runner.Images(images).Select(r => Top(Probabilities(r))).ToArray();

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();

    /// <summary>Softmax of <paramref name="row"/> as <paramref name="mode"/> says (a new array; the max is subtracted first).</summary>
    /// <param name="row">One output row.</param>
    /// <param name="mode">Whether to apply it.</param>
    public static float[] Probabilities(ReadOnlySpan<float> row, SoftmaxMode mode)
    {
        var result = row.ToArray();
        if (mode == SoftmaxMode.Never || mode == SoftmaxMode.Auto && IsDistribution(row)) return result;
        var max = float.NegativeInfinity;
        foreach (var v in row) max = Math.Max(max, v);
        double sum = 0;
        for (var i = 0; i < result.Length; i++) sum += result[i] = MathF.Exp(result[i] - max);
        for (var i = 0; i < result.Length; i++) result[i] = (float)(result[i] / sum);
        return result;
    }

    /// <summary>The <paramref name="k"/> highest scores with their labels, highest first; equal scores keep class order.</summary>
    /// <param name="scores">One score per label.</param>
    /// <param name="labels">The labels.</param>
    /// <param name="k">How many.</param>
    public static IReadOnlyList<LabelScore> Top(IReadOnlyList<float> scores, IReadOnlyList<string> labels, int k)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        if (scores.Count != labels.Count)
        {
            throw new InvalidOperationException($"The model returned {scores.Count} scores per image but there are {labels.Count} labels.");
        }
        return Enumerable.Range(0, scores.Count)
            .OrderByDescending(i => scores[i]) // stable: ties keep class order
            .Take(k)
            .Select(i => new LabelScore(labels[i], scores[i]))
            .ToArray();
    }

    private static bool IsDistribution(ReadOnlySpan<float> row)
    {
        double sum = 0;
        foreach (var v in row)
        {
            if (!(v >= 0)) return false;
            sum += v;
        }
        return Math.Abs(sum - 1) <= 1e-3;
    }

    private float[] Probabilities(float[] row) => Probabilities(row, Softmax);

    private IReadOnlyList<LabelScore> Top(float[] scores) => Top(scores, _labels, TopK);
}
