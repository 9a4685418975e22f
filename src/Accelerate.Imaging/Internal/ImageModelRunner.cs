using Accelerate.Runtime;

namespace Accelerate.Imaging.Internal;

/// <summary>
/// What every single-image-input task shares: images decoded and preprocessed (<see cref="ImageTensor"/>), run in one
/// batch when the model's batch is dynamic (else one at a time), and one output split into a row per image.
/// Thread-safe; the owner disposes the session.
/// </summary>
internal sealed class ImageModelRunner
{
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly bool _batchDynamic;

    public ImageModelRunner(ModelSession session, ImagePreprocessing preprocessing, string inputName, string outputName, bool batchDynamic)
    {
        Session = session;
        Preprocessing = preprocessing;
        _inputNames = [inputName];
        _outputNames = [outputName];
        _batchDynamic = batchDynamic;
    }

    public ModelSession Session { get; }

    public ImagePreprocessing Preprocessing { get; }

    /// <summary>Opens the session after checking the preprocessing, so a bad manifest value fails before the model loads.</summary>
    public static ImageModelRunner Open(string modelPath, IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? options,
        ImagePreprocessing preprocessing, string inputName, string outputName, bool batchDynamic)
    {
        ArgumentNullException.ThrowIfNull(preprocessing);
        preprocessing.Validate();
        return new ImageModelRunner(ModelSession.Open(modelPath, defaultBackends, options), preprocessing, inputName, outputName, batchDynamic);
    }

    public float[] File(string imagePath) => Rows(ImageTensor.FromFile(imagePath, Preprocessing))[0];

    public float[] Stream(Stream image) => Rows(ImageTensor.FromStream(image, Preprocessing))[0];

    public float[] Bytes(ReadOnlySpan<byte> image) => Rows(ImageTensor.FromBytes(image, Preprocessing))[0];

    /// <summary>One row per file, in one batch when the model allows; rows keep the input order.</summary>
    public float[][] Files(IReadOnlyList<string> imagePaths)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        if (imagePaths.Count == 0) return [];
        if (!_batchDynamic) return imagePaths.Select(File).ToArray();
        var images = new TensorBuffer<float>[imagePaths.Count];
        for (var i = 0; i < images.Length; i++) images[i] = ImageTensor.FromFile(imagePaths[i], Preprocessing);
        return Rows(ImageTensor.Batch(images));
    }

    /// <summary>One row per decoded image (owned by the caller), in one batch when the model allows; rows keep the input order.</summary>
    public float[][] Images(IReadOnlyList<RgbaImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        if (images.Count == 0) return [];
        if (!_batchDynamic) return images.Select(i => Rows(ImageTensor.FromRgba(i, Preprocessing))[0]).ToArray();
        return Rows(ImageTensor.Batch(images.Select(i => ImageTensor.FromRgba(i, Preprocessing)).ToArray()));
    }

    private float[][] Rows(TensorBuffer<float> images)
    {
        var output = (TensorBuffer<float>)Session.Run(_inputNames, [images], _outputNames)[0];
        var batch = (int)images.Shape[0];
        var width = output.Data.Length / batch;
        var rows = new float[batch][];
        for (var i = 0; i < batch; i++) rows[i] = output.Data.AsSpan(i * width, width).ToArray();
        return rows;
    }
}
