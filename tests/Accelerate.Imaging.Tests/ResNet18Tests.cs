using Accelerate.Imaging.Tests.Support;
using Accelerate.Runtime;
using SkiaSharp;
using Models = Accelerate.TestModels.TestModels;

namespace Accelerate.Imaging.Tests;

/// <summary>
/// End to end with Microsoft.ML.DnnImageFeaturizer.ResNet18. Its ResNetPreprocess.onnx is Split(RGB planes) →
/// Concat(B, G, R) → Sub(MeanImage [1,3,224,224] initializer): 0–255 RGB pixels in, BGR minus a per-pixel mean out.
/// ML.NET feeds it ResizeImages(224, 224) (IsoCrop, centre) + ExtractPixels (planar RGB, 0–255).
/// </summary>
public sealed class ResNet18Tests : IDisposable
{
    private const string PreprocessInput = "OriginalInput";
    private const string PreprocessOutput = "PreprocessedInput";
    private const string ModelInput = "Input247";
    private const string ModelOutput = "Pooling395_Output_0";

    /// <summary>What ML.NET's ResizeImages + ExtractPixels give: 224×224 centre crop of the shorter side resized to 224, raw 0–255 RGB.</summary>
    private static readonly ImagePreprocessing MlNetPixels = new()
    {
        ResizeShorterSide = 224,
        Scale = 1f,
        Mean = [0f, 0f, 0f],
        Std = [1f, 1f, 1f],
    };

    private readonly TempFolder _folder = new();
    private readonly ModelSession _resnet = ModelSession.Open(Models.ResNet18Path, ["cpu"]);
    private readonly ModelSession _preprocess = ModelSession.Open(Models.ResNet18PreprocessPath, ["cpu"]);

    public void Dispose()
    {
        _resnet.Dispose();
        _preprocess.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void ModelsHaveTheExpectedSignatures()
    {
        Assert.Equal([PreprocessInput], _preprocess.Session.InputMetadata.Keys);
        Assert.Equal([PreprocessOutput], _preprocess.Session.OutputMetadata.Keys);
        Assert.Equal([ModelInput], _resnet.Session.InputMetadata.Keys);
        Assert.Equal([1, 3, 224, 224], _resnet.Session.InputMetadata[ModelInput].Dimensions);
        Assert.Equal([ModelOutput], _resnet.Session.OutputMetadata.Keys);
    }

    [Fact]
    public void PreprocessGraphSwapsToBgrAndSubtractsAPerPixelMean()
    {
        // Zeros in → -MeanImage out; a constant red image → (0 - M_b, 0 - M_g, 255 - M_r): only the last plane moves.
        var meanImage = MeanImage();
        var red = new float[3 * 224 * 224];
        Array.Fill(red, 255f, 0, 224 * 224);
        var redOut = Run(_preprocess, PreprocessInput, new TensorBuffer<float>(red, [1, 3, 224, 224]), PreprocessOutput);

        for (var i = 0; i < meanImage.Length; i++)
        {
            var expected = i >= 2 * 224 * 224 ? 255f - meanImage[i] : -meanImage[i];
            Assert.Equal(expected, redOut.Data[i], 3);
        }

        // The mean image is Caffe's ImageNet mean, B, G, R: per-channel averages ≈ 103.06, 115.90, 123.15, varying per pixel.
        double[] channelMeans = [.. Enumerable.Range(0, 3).Select(c => meanImage.AsSpan(c * 224 * 224, 224 * 224).ToArray().Average(v => (double)v))];
        Assert.Equal(103.0626, channelMeans[0], 3);
        Assert.Equal(115.9029, channelMeans[1], 3);
        Assert.Equal(123.1516, channelMeans[2], 3);
        Assert.True(meanImage.AsSpan(0, 224 * 224).ToArray().Max() - meanImage.AsSpan(0, 224 * 224).ToArray().Min() > 15, "the mean varies per pixel");
    }

    [Fact]
    public void ImageFileThroughResNet18GivesFiniteFeatures()
    {
        var path = _folder.Write("scene.jpg", TestImages.Encode(Scene(), 320, 240, SKEncodedImageFormat.Jpeg, 92));

        var features = Run(_resnet, ModelInput, ImageTensor.FromFile(path, ResNet18Recipe(MeanImage())), ModelOutput);

        Assert.Equal([1L, 512, 1, 1], features.Shape);
        Assert.All(features.Data, v => Assert.True(float.IsFinite(v)));
        Assert.Contains(features.Data, v => v > 0.01f); // after ReLU + pooling: non-negative, not all zero
        Assert.All(features.Data, v => Assert.True(v >= 0f));
    }

    [Fact]
    public void CSharpPreprocessingMatchesResNetPreprocessOnnx()
    {
        var png = TestImages.Encode(Scene(), 320, 240, SKEncodedImageFormat.Png);

        // Reference: ML.NET's path — raw RGB pixels → ResNetPreprocess.onnx → ResNet18.onnx.
        var pixels = ImageTensor.FromBytes(png, MlNetPixels);
        var referenceInput = Run(_preprocess, PreprocessInput, pixels, PreprocessOutput);
        var reference = Run(_resnet, ModelInput, referenceInput, ModelOutput);

        // Ours: one C# preprocessing step straight into ResNet18.onnx.
        var input = ImageTensor.FromBytes(png, ResNet18Recipe(MeanImage()));
        var features = Run(_resnet, ModelInput, input, ModelOutput);

        Assert.Equal(referenceInput.Data.Length, input.Data.Length);
        for (var i = 0; i < input.Data.Length; i++)
        {
            Assert.Equal(referenceInput.Data[i], input.Data[i], 4);
        }

        Assert.Equal(512, features.Data.Length);
        Assert.True(MaxAbsDifference(reference.Data, features.Data) <= 1e-3, $"max |Δ| = {MaxAbsDifference(reference.Data, features.Data)}");
    }

    [Fact]
    public void PerChannelMeanIsOnlyAnApproximation()
    {
        // Without the per-pixel mean image (Mean = its per-channel averages) the features drift: measurable, not within 1e-3.
        var png = TestImages.Encode(Scene(), 320, 240, SKEncodedImageFormat.Png);
        var reference = Run(_resnet, ModelInput, Run(_preprocess, PreprocessInput, ImageTensor.FromBytes(png, MlNetPixels), PreprocessOutput), ModelOutput);
        var approximate = Run(_resnet, ModelInput, ImageTensor.FromBytes(png, ResNet18Recipe(null) with { Mean = [103.0626f, 115.9029f, 123.1516f] }), ModelOutput);

        var difference = MaxAbsDifference(reference.Data, approximate.Data);
        var cosine = Cosine(reference.Data, approximate.Data);
        TestContext.Current.TestOutputHelper?.WriteLine($"per-channel mean approximation: max |Δ| = {difference:G4}, max |ref| = {reference.Data.Max():G4}, cosine = {cosine:G6}");
        Assert.True(difference > 1e-3);
        Assert.True(cosine > 0.99, $"cosine {cosine}");
    }

    /// <summary>The exact C# equivalent of ML.NET's ResNet18 featurizer input: BGR, 0–255, minus the per-pixel mean image.</summary>
    private static ImagePreprocessing ResNet18Recipe(float[]? meanImage) => MlNetPixels with { Bgr = true, MeanImage = meanImage };

    /// <summary>ResNetPreprocess.onnx's MeanImage initializer (B, G, R planes), recovered by running it on zeros.</summary>
    private float[] MeanImage()
    {
        var output = Run(_preprocess, PreprocessInput, TensorBuffer<float>.Zeros([1, 3, 224, 224]), PreprocessOutput);
        return [.. output.Data.Select(v => -v)];
    }

    /// <summary>A 320×240 picture with structure: gradients, a disc and stripes.</summary>
    private static byte[] Scene() => TestImages.Rgba(320, 240, (x, y) =>
    {
        var inDisc = ((x - 200) * (x - 200)) + ((y - 110) * (y - 110)) < 60 * 60;
        var stripe = (x / 12) % 2 == 0 && y > 180;
        return inDisc ? ((byte)230, (byte)200, (byte)40, (byte)255)
            : stripe ? ((byte)20, (byte)20, (byte)20, (byte)255)
            : ((byte)(x * 255 / 319), (byte)(80 + (y / 3)), (byte)(255 - (x * 200 / 319)), (byte)255);
    });

    private static TensorBuffer<float> Run(ModelSession session, string input, TensorBuffer<float> tensor, string output) =>
        (TensorBuffer<float>)session.Run([input], [tensor], [output])[0];

    private static double MaxAbsDifference(float[] a, float[] b) => a.Zip(b, (x, y) => Math.Abs((double)x - y)).Max();

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            dot += (double)a[i] * b[i];
            na += (double)a[i] * a[i];
            nb += (double)b[i] * b[i];
        }

        return dot / Math.Sqrt(na * nb);
    }
}
