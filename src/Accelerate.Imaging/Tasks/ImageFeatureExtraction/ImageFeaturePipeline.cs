using Accelerate.Imaging.Internal;
using Accelerate.Runtime;

namespace Accelerate.Imaging;

/// <summary>
/// Image → feature vector: each image decoded, resized and normalised (<see cref="ImagePreprocessing"/>), run in one batch
/// when the model's batch is dynamic (else one at a time), and the output flattened per image. Thread-safe; owns its session.
/// </summary>
public sealed class ImageFeaturePipeline : ITaskPipeline
{
    private readonly ImageModelRunner _runner;

    private ImageFeaturePipeline(ImageModelRunner runner) => _runner = runner;

    /// <inheritdoc />
    public ModelSession Session => _runner.Session;

    /// <summary>How images become the model's input.</summary>
    public ImagePreprocessing Preprocessing => _runner.Preprocessing;

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
        ImagePreprocessing preprocessing, string inputName, string outputName, bool batchDynamic) =>
        new(ImageModelRunner.Open(modelPath, defaultBackends, options, preprocessing, inputName, outputName, batchDynamic));

    /// <summary>The features of one image file.</summary>
    /// <param name="imagePath">A PNG, JPEG, WebP, GIF or BMP file.</param>
    public float[] Extract(string imagePath) => _runner.File(imagePath);

    /// <summary>The features of one encoded image.</summary>
    /// <param name="image">A stream holding a PNG, JPEG, WebP, GIF or BMP image.</param>
    public float[] Extract(Stream image) => _runner.Stream(image);

    /// <summary>The features of one encoded image held in memory.</summary>
    /// <param name="image">The bytes of a PNG, JPEG, WebP, GIF or BMP image.</param>
    public float[] Extract(ReadOnlySpan<byte> image) => _runner.Bytes(image);

    /// <summary>The features of several image files, in one batch when the model allows; results keep the input order.</summary>
    /// <param name="imagePaths">The image files.</param>
    public float[][] Extract(IReadOnlyList<string> imagePaths) => _runner.Files(imagePaths);

    /// <inheritdoc />
    public void Dispose() => Session.Dispose();
}
