using System.Globalization;
using Accelerate.Imaging.Internal;
using Accelerate.Imaging.Internal.Ocr;
using Accelerate.Runtime;

namespace Accelerate.Imaging;

/// <summary>
/// Text lines in an image, PaddleOCR's way (tools/infer/predict_system.py with its default settings):
/// <list type="number">
/// <item>detection: the image scaled so its longer side is at most <see cref="OcrOptions.LimitSideLength"/>, both sides
/// rounded to multiples of 32, normalised with ImageNet's mean and standard deviation (BGR, as OpenCV reads it); the DB
/// model's probability map binarised, each region's minimum-area box kept when its mean probability reaches
/// <see cref="OcrOptions.BoxThreshold"/>, grown ("unclipped"), scaled back to the image and sorted top to bottom, left to right;</item>
/// <item>each box cut out with a perspective warp into a horizontal strip (tall strips turned 90°);</item>
/// <item>direction (optional): strips the 0°/180° classifier (the image-classification pipeline) calls "180" with more
/// than <see cref="OcrOptions.ClassifierThreshold"/> are turned over;</item>
/// <item>recognition: strips sorted by aspect ratio, in batches resized to height <see cref="OcrOptions.RecognitionHeight"/>
/// and padded right to the batch's widest, normalised to [-1, 1]; CTC greedy decoding with the dictionary; lines scoring
/// below <see cref="OcrOptions.MinScore"/> dropped.</item>
/// </list>
/// Thread-safe; owns its sessions.
/// </summary>
public sealed class OcrPipeline : ITaskPipeline
{
    private static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    private readonly ModelSession _detector;
    private readonly ModelSession _recognizer;
    private readonly ImageClassificationPipeline? _classifier;
    private readonly string[] _characters;
    private readonly string[] _detectorInput, _detectorOutput, _recognizerInput, _recognizerOutput;

    private OcrPipeline(ModelSession detector, ModelSession recognizer, ImageClassificationPipeline? classifier, string[] characters, OcrOptions options)
    {
        _detector = detector;
        _recognizer = recognizer;
        _classifier = classifier;
        _characters = characters;
        Options = options;
        _detectorInput = [options.DetectorInput ?? detector.Session.InputNames[0]];
        _detectorOutput = [options.DetectorOutput ?? detector.Session.OutputNames[0]];
        _recognizerInput = [options.RecognizerInput ?? recognizer.Session.InputNames[0]];
        _recognizerOutput = [options.RecognizerOutput ?? recognizer.Session.OutputNames[0]];
    }

    /// <summary>The detector's session (the manifest's "source").</summary>
    public ModelSession Session => _detector;

    /// <summary>The recogniser's session.</summary>
    public ModelSession RecognizerSession => _recognizer;

    /// <summary>The direction classifier, or null when the pipeline has none.</summary>
    public ImageClassificationPipeline? Classifier => _classifier;

    /// <summary>The recogniser's characters: class k is character k - 1 (class 0 is the CTC blank).</summary>
    public IReadOnlyList<string> Characters => _characters;

    /// <summary>The settings.</summary>
    public OcrOptions Options { get; }

    /// <summary>The direction classifier's preprocessing in PaddleOCR (cls_image_shape 3,48,192; resize_norm_img).</summary>
    public static ImagePreprocessing ClassifierPreprocessing { get; } = new()
    {
        Width = 192,
        Height = 48,
        Resize = ResizeMode.HeightThenPadRight,
        Scale = 1f / 255f,
        Mean = [0.5f, 0.5f, 0.5f],
        Std = [0.5f, 0.5f, 0.5f],
        Bgr = true,
    };

    /// <summary>Opens the models.</summary>
    /// <param name="detectorPath">The DB text detector (.onnx): float [batch, 3, height, width] → [batch, 1, height, width].</param>
    /// <param name="recognizerPath">The CTC recogniser: float [batch, 3, height, width] → [batch, time, classes].</param>
    /// <param name="classifierPath">The 0°/180° direction classifier, or null for none.</param>
    /// <param name="dictionaryPath">The recogniser's characters, one per line (classes = lines + 2: the blank and a space).</param>
    /// <param name="defaultBackends">The manifest's backends, used when the session options name none.</param>
    /// <param name="sessionOptions">Backends and ONNX Runtime settings (every model gets the same).</param>
    /// <param name="options">OCR settings; null for PaddleOCR's defaults.</param>
    /// <returns>The pipeline; dispose it.</returns>
    /// <exception cref="FileNotFoundException">The dictionary does not exist.</exception>
    /// <exception cref="InvalidDataException">The recogniser's class count does not fit the dictionary.</exception>
    public static OcrPipeline Open(string detectorPath, string recognizerPath, string? classifierPath, string dictionaryPath,
        IReadOnlyList<string> defaultBackends, AccelerateSessionOptions? sessionOptions, OcrOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(detectorPath);
        ArgumentNullException.ThrowIfNull(recognizerPath);
        ArgumentNullException.ThrowIfNull(dictionaryPath);
        options ??= new OcrOptions();
        options.Validate();
        var fullDictionary = Path.GetFullPath(dictionaryPath);
        if (!File.Exists(fullDictionary)) throw new FileNotFoundException($"OCR dictionary '{fullDictionary}' was not found.", fullDictionary);
        var text = File.ReadAllText(fullDictionary);
        var lines = text.Split('\n');
        var characters = CtcDecoder.Characters(text.EndsWith('\n') ? lines[..^1] : lines); // as Python's readlines()

        ModelSession? detector = null, recognizer = null;
        ImageClassificationPipeline? classifier = null;
        try
        {
            detector = ModelSession.Open(detectorPath, defaultBackends, sessionOptions);
            recognizer = ModelSession.Open(recognizerPath, defaultBackends, sessionOptions);
            var output = options.RecognizerOutput ?? recognizer.Session.OutputNames[0];
            if (recognizer.Session.OutputMetadata.TryGetValue(output, out var meta) && meta.Dimensions is { Length: 3 } dims && dims[2] > 0 && dims[2] != characters.Length + 1)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The recognizer '{Path.GetFullPath(recognizerPath)}' has {dims[2]} classes in output '{output}' [batch, time, classes], but the dictionary '{fullDictionary}' gives {characters.Length - 1} characters: expected {characters.Length + 1} classes (the blank, one per line, and a space)."));
            }
            if (classifierPath is not null)
            {
                var input = options.ClassifierInput;
                var clsOutput = options.ClassifierOutput;
                using (var probe = ModelSession.Open(classifierPath, defaultBackends, sessionOptions))
                {
                    input ??= probe.Session.InputNames[0];
                    clsOutput ??= probe.Session.OutputNames[0];
                }
                classifier = ImageClassificationPipeline.Open(classifierPath, defaultBackends, sessionOptions, ClassifierPreprocessing, input, clsOutput,
                    batchDynamic: true, labels: ["0", "180"], topK: 2, SoftmaxMode.Auto);
            }
            return new OcrPipeline(detector, recognizer, classifier, characters, options);
        }
        catch
        {
            classifier?.Dispose();
            recognizer?.Dispose();
            detector?.Dispose();
            throw;
        }
    }

    /// <summary>The text lines of an image file, top to bottom, left to right.</summary>
    /// <param name="imagePath">A PNG, JPEG, WebP, GIF or BMP file.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not an image, or is corrupt or truncated.</exception>
    public IReadOnlyList<OcrLine> Read(string imagePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(imagePath);
        var full = Path.GetFullPath(imagePath);
        if (!File.Exists(full)) throw new FileNotFoundException($"Image file '{full}' was not found.", full);
        return Read(ImageDecoder.Decode(File.ReadAllBytes(full), $"image file '{full}'"));
    }

    /// <summary>The text lines of an encoded image read from a stream (to its end; not disposed).</summary>
    /// <param name="image">A stream holding a PNG, JPEG, WebP, GIF or BMP image.</param>
    public IReadOnlyList<OcrLine> Read(Stream image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var buffer = new MemoryStream();
        image.CopyTo(buffer);
        return Read(ImageDecoder.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), image is FileStream f ? $"image file '{f.Name}'" : "the image stream"));
    }

    /// <summary>The text lines of an encoded image held in memory.</summary>
    /// <param name="image">The bytes of a PNG, JPEG, WebP, GIF or BMP image.</param>
    public IReadOnlyList<OcrLine> Read(ReadOnlySpan<byte> image) => Read(ImageDecoder.Decode(image, "the encoded image bytes"));

    /// <summary>The text lines of several image files, one image after another; results keep the input order.</summary>
    /// <param name="imagePaths">The image files.</param>
    public IReadOnlyList<OcrLine>[] Read(IReadOnlyList<string> imagePaths)
    {
        ArgumentNullException.ThrowIfNull(imagePaths);
        return imagePaths.Select(Read).ToArray();
    }

    /// <summary>The detected boxes only (step 1), in the image's pixels, in reading order, with their mean probabilities.</summary>
    /// <param name="image">The bytes of a PNG, JPEG, WebP, GIF or BMP image.</param>
    public IReadOnlyList<(IReadOnlyList<OcrPoint> Box, float Score)> Detect(ReadOnlySpan<byte> image) =>
        Detect(Opaque(ImageDecoder.Decode(image, "the encoded image bytes"))).Select(b => ((IReadOnlyList<OcrPoint>)b.Box, b.Score)).ToArray();

    /// <inheritdoc />
    public void Dispose()
    {
        _classifier?.Dispose();
        _recognizer.Dispose();
        _detector.Dispose();
    }

    /// <summary>det_limit_type "max": the detector's input size for a <paramref name="width"/> × <paramref name="height"/> image.</summary>
    public static (int Width, int Height) DetectionSize(int width, int height, int limitSideLength)
    {
        var ratio = Math.Max(width, height) > limitSideLength ? limitSideLength / (double)Math.Max(width, height) : 1.0;
        static int Round32(double v) => Math.Max((int)Math.Round((int)v / 32.0, MidpointRounding.ToEven) * 32, 32);
        return (Round32(width * ratio), Round32(height * ratio));
    }

    private IReadOnlyList<OcrLine> Read(RgbaImage decoded)
    {
        var image = Opaque(decoded);
        var boxes = Detect(image);
        if (boxes.Count == 0) return [];
        var crops = boxes.Select(b => LineCrop.Cut(image, b.Box)).ToArray();
        if (_classifier is not null)
        {
            for (var start = 0; start < crops.Length; start += Options.RecognitionBatch)
            {
                var count = Math.Min(Options.RecognitionBatch, crops.Length - start);
                var labels = _classifier.Classify(crops.AsSpan(start, count).ToArray());
                for (var i = 0; i < count; i++)
                {
                    if (labels[i][0] is { Label: "180" } best && best.Score > Options.ClassifierThreshold) crops[start + i] = LineCrop.Rotate180(crops[start + i]);
                }
            }
        }
        var texts = Recognize(crops);
        var lines = new List<OcrLine>(boxes.Count);
        for (var i = 0; i < boxes.Count; i++)
        {
            if (texts[i].Score >= Options.MinScore) lines.Add(new OcrLine(texts[i].Text, texts[i].Score, boxes[i].Box));
        }
        return lines;
    }

    private List<(OcrPoint[] Box, float Score)> Detect(RgbaImage image)
    {
        var (width, height) = DetectionSize(image.Width, image.Height, Options.LimitSideLength);
        var preprocessing = new ImagePreprocessing
        {
            Width = width,
            Height = height,
            Resize = ResizeMode.Stretch,
            Scale = 1f / 255f,
            Mean = ImageNetMean,
            Std = ImageNetStd,
            Bgr = true,
        };
        var copy = new RgbaImage((byte[])image.Pixels.Clone(), image.Width, image.Height);
        var input = ImageTensor.FromRgba(copy, preprocessing);
        var map = (TensorBuffer<float>)_detector.Run(_detectorInput, [input], _detectorOutput)[0];
        if (map.Shape is not [1, 1, var h, var w] || h != height || w != width)
        {
            throw new InvalidDataException($"The text detector '{_detector.ModelPath}' returned [{string.Join(", ", map.Shape)}] for a {width}×{height} input; expected one probability map [1, 1, {height}, {width}].");
        }
        return DbPostProcess.Boxes(map.Data, width, height, image.Width, image.Height, Options);
    }

    // predict_rec: sorted by width / height, in batches as wide as their widest strip (at least RecognitionWidth).
    private (string Text, float Score)[] Recognize(RgbaImage[] crops)
    {
        var results = new (string Text, float Score)[crops.Length];
        var order = Enumerable.Range(0, crops.Length).OrderBy(i => crops[i].Width / (double)crops[i].Height).ToArray();
        var height = Options.RecognitionHeight;
        for (var start = 0; start < order.Length; start += Options.RecognitionBatch)
        {
            var batch = order.AsSpan(start, Math.Min(Options.RecognitionBatch, order.Length - start)).ToArray();
            var maxRatio = Math.Max(Options.RecognitionWidth / (double)height, batch.Max(i => crops[i].Width / (double)crops[i].Height));
            var preprocessing = new ImagePreprocessing
            {
                Width = (int)(height * maxRatio),
                Height = height,
                Resize = ResizeMode.HeightThenPadRight,
                Scale = 1f / 255f,
                Mean = [0.5f, 0.5f, 0.5f],
                Std = [0.5f, 0.5f, 0.5f],
                Bgr = true,
            };
            var input = ImageTensor.Batch(batch.Select(i => ImageTensor.FromRgba(new RgbaImage((byte[])crops[i].Pixels.Clone(), crops[i].Width, crops[i].Height), preprocessing)).ToArray());
            var output = (TensorBuffer<float>)_recognizer.Run(_recognizerInput, [input], _recognizerOutput)[0];
            if (output.Shape is not [var n, var time, var classes] || n != batch.Length || classes != _characters.Length + 1)
            {
                throw new InvalidDataException($"The recognizer '{_recognizer.ModelPath}' returned [{string.Join(", ", output.Shape)}]; expected [{batch.Length}, time, {_characters.Length + 1}] (the blank, the dictionary's characters and a space).");
            }
            var step = (int)(time * classes);
            for (var k = 0; k < batch.Length; k++)
            {
                results[batch[k]] = CtcDecoder.Decode(output.Data.AsSpan(k * step, step), (int)time, (int)classes, _characters);
            }
        }
        return results;
    }

    // OpenCV reads colour without alpha: make every pixel opaque so resampling never weighs colours by alpha.
    private static RgbaImage Opaque(RgbaImage image)
    {
        var pixels = image.Pixels;
        for (var i = 3; i < pixels.Length; i += 4) pixels[i] = 255;
        return image;
    }
}
