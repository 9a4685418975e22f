using Accelerate.Runtime;

namespace Accelerate.Imaging;

/// <summary>
/// Image → feature vector: each image decoded, resized and normalised (<see cref="ImagePreprocessing"/>), run in one batch
/// when the model's batch is dynamic (else one at a time), and the output flattened per image. Thread-safe; owns its session.
/// </summary>
public sealed class ImageFeaturePipeline : ITaskPipeline
{
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _batchDynamic;

    private ImageFeaturePipeline(ModelSession session, ImagePreprocessing preprocessing, string inputName, string outputName, bool batchDynamic)
    {
        Session = session;
        Preprocessing = preprocessing;
        _inputNames = [inputName];
        _outputNames = [outputName];
        _batchDynamic = batchDynamic;
    }

    /// <inheritdoc />
    public ModelSession Session { get; }

    /// <summary>How images become the model's input.</summary>
    public ImagePreprocessing Preprocessing { get; }

    /// <summary>Opens the model.</summary>
    /// <param name="modelPath">The .onnx file.</param>
    /// <param name="defaultBackends">The manifest's backends, used when the options name none.</param>
    /// <param name="options">Backends and ONNX Runtime settings.</param>
    /// <param name="preprocessing">Decoding, resizing and normalisation.</param>
    /// <param name="inputName">The image input.</param>
    /// <param name="outputName">The features output.</param>
    /// <param name="batchDynamic">Whether several images may run in one batch.</param>
    /// <returns>The pipeline; dispose it.</returns>
    public static ImageFeaturePipeline Open(string modelPath, IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? options,
        ImagePreprocessing preprocessing, string inputName, string outputName, bool batchDynamic)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        preprocessing.Validate();
        return new ImageFeaturePipeline(ModelSession.Open(modelPath, defaultBackends, options), preprocessing, inputName, outputName, batchDynamic);
    }

    /// <summary>The features of one image file.</summary>
    /// <param name="imagePath">A PNG, JPEG, WebP, GIF or BMP file.</param>
    public float[] Extract(string imagePath) => Features(ImageTensor.FromFile(imagePath, Preprocessing))[0];

    /// <summary>The features of one encoded image.</summary>
    /// <param name="image">A stream holding a PNG, JPEG, WebP, GIF or BMP image.</param>
    public float[] Extract(Stream image) => Features(ImageTensor.FromStream(image, Preprocessing))[0];

    /// <summary>The features of one encoded image held in memory.</summary>
    /// <param name="image">The bytes of a PNG, JPEG, WebP, GIF or BMP image.</param>
    public float[] Extract(ReadOnlySpan<byte> image) => Features(ImageTensor.FromBytes(image, Preprocessing))[0];

    /// <summary>The features of several image files, in one batch when the model allows; results keep the input order.</summary>
    /// <param name="imagePaths">The image files.</param>
    public float[][] Extract(IReadOnlyList<string> imagePaths)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        if (imagePaths.Count == 0) return [];
        if (!_batchDynamic) return imagePaths.Select(Extract).ToArray();
        var images = new TensorBuffer<float>[imagePaths.Count];
        for (var i = 0; i < images.Length; i++) images[i] = ImageTensor.FromFile(imagePaths[i], Preprocessing);
        return Features(ImageTensor.Batch(images));
    }

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();

    private float[][] Features(TensorBuffer<float> images)
    {
        var output = (TensorBuffer<float>)Session.Run(_inputNames, [images], _outputNames)[0];
        var batch = (int)images.Shape[0];
        var width = output.Data.Length / batch;
        var rows = new float[batch][];
        for (var i = 0; i < batch; i++) rows[i] = output.Data.AsSpan(i * width, width).ToArray();
        return rows;
    }
}
