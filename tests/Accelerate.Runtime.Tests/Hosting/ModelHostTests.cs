using System.Text.Json.Nodes;
using Accelerate.Manifest;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;
using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime.Tests.Hosting;

/// <summary>
/// The runtime host over real models, with manifests written here and signatures taken from ONNX Runtime's own view of
/// the files: tasks resolve and run like the generated classes do, and bad manifests, misfit models and missing files
/// are coded errors.
/// </summary>
public sealed class ModelHostTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("accelerate-host-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A signature of <paramref name="modelPath"/> as ONNX Runtime reports it (the build's inspection gives the same names and shapes).</summary>
    private static ModelSignature SignatureOf(string modelPath, string relativeModelFile, string? vocabFile = null)
    {
        using var session = new InferenceSession(modelPath);
        static EquatableArray<TensorSignature> Tensors(IReadOnlyDictionary<string, NodeMetadata> nodes) => nodes.Select(n => new TensorSignature(
            n.Key, "tensor", n.Value.ElementDataType.ToString().ToLowerInvariant() switch { "int64" => "int64", "float" => "float", var t => t },
            n.Value.Dimensions.Select((d, i) => d > 0 ? new Dimension(d, null) : new Dimension(null, n.Value.SymbolicDimensions[i] is { Length: > 0 } s ? s : null)).ToEquatableArray(),
            "")).ToEquatableArray();
        return new ModelSignature { ModelFile = relativeModelFile, VocabFile = vocabFile, Inputs = Tensors(session.InputMetadata), Outputs = Tensors(session.OutputMetadata) };
    }

    private ModelManifest Manifest(string text)
    {
        var path = Path.Combine(_folder, "model.model.json");
        File.WriteAllText(path, text);
        var parsed = ManifestParser.Parse(text, path);
        Assert.False(parsed.HasErrors, string.Join("; ", parsed.Diagnostics.Select(d => d.Message)));
        return parsed.Manifest!;
    }

    [Fact]
    public void The_tensor_task_runs_named_tensors_as_the_session_does()
    {
        var manifest = Manifest("""{ "name": "ResNet", "task": "tensor", "source": { "path": "resnet.onnx" } }""");
        var signature = SignatureOf(TestModels.TestModels.ResNet18Path, TestModels.TestModels.ResNet18Path);
        var pixels = Enumerable.Range(0, 3 * 224 * 224).Select(i => (float)(i % 255)).ToArray();

        using var host = ModelHost.Open(manifest, signature, _folder);
        var result = host.Invoke(new JsonObject
        {
            ["tensors"] = new JsonObject { ["Input247"] = new JsonObject { ["shape"] = new JsonArray(1, 3, 224, 224), ["data"] = new JsonArray(pixels.Select(p => (JsonNode?)p).ToArray()) } },
        });
        using var session = ModelSession.Open(TestModels.TestModels.ResNet18Path, ["cpu"]);
        var direct = (TensorBuffer<float>)session.Run(["Input247"], [new TensorBuffer<float>(pixels, [1, 3, 224, 224])], ["Pooling395_Output_0"])[0];

        var output = result["outputs"]!["Pooling395_Output_0"]!;
        Assert.Equal("float", (string)output["type"]!);
        Assert.Equal([1L, 512, 1, 1], output["shape"]!.AsArray().Select(d => d!.GetValue<long>()));
        Assert.Equal(direct.Data, output["data"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray());
    }

    [Fact]
    public void Feature_extraction_embeds_like_a_pipeline_opened_by_hand()
    {
        var manifest = Manifest("""
            { "name": "MiniLm", "task": "feature-extraction", "source": { "path": "model.onnx" },
              "tokenizer": { "vocab": { "path": "vocab.txt" }, "maxLength": 256 }, "normalize": true }
            """);
        var signature = SignatureOf(TestModels.TestModels.MiniLmModelPath, TestModels.TestModels.MiniLmModelPath, TestModels.TestModels.MiniLmVocabPath);

        using var host = ModelHost.Open(manifest, signature, _folder);
        using var direct = TextEmbeddingPipeline.Open(TestModels.TestModels.MiniLmModelPath, TestModels.TestModels.MiniLmVocabPath, ["cpu"], null,
            new TextEmbeddingOptions { MaxLength = 256, Normalize = true, OutputName = "last_hidden_state" });

        var hosted = host.Invoke(new TaskRequest { Text = "Hosts and classes agree." })["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
        Assert.Equal(direct.Embed("Hosts and classes agree."), hosted);
        Assert.IsType<TextEmbeddingPipeline>(host.Pipeline);
    }

    [Fact]
    public void A_model_that_does_not_fit_its_task_is_ACC3003_on_the_manifest()
    {
        var manifest = Manifest("""
            { "name": "Wrong", "task": "feature-extraction", "source": { "path": "model.onnx" }, "tokenizer": { "vocab": { "path": "vocab.txt" } } }
            """);
        var signature = SignatureOf(TestModels.TestModels.ResNet18Path, TestModels.TestModels.ResNet18Path, "vocab.txt");

        var error = Assert.Throws<ModelHostException>(() => ModelHost.Open(manifest, signature, _folder));

        var diagnostic = Assert.Single(error.Diagnostics, d => d.Code == "ACC3003" && d.Message.Contains("no 'input_ids' input", StringComparison.Ordinal));
        Assert.Equal((1, 20), (diagnostic.Line, diagnostic.Column)); // "task", where the build puts it too
        Assert.StartsWith("Model 'Wrong' does not fit task 'feature-extraction'.", error.Message);
    }

    [Fact]
    public void A_manifest_with_errors_is_refused_with_its_coded_diagnostics()
    {
        var path = Path.Combine(_folder, "broken.model.json");
        File.WriteAllText(path, "{\n  \"task\": \"tensor\",\n  \"source\": { \"path\": \"m.onnx\" },\n  \"backends\": [\"cdua\"]\n}\n");
        File.WriteAllText(Path.Combine(_folder, "signature.json"), "{}");

        var error = Assert.Throws<ModelHostException>(() => ModelHost.Open(path, Path.Combine(_folder, "signature.json"), _folder));

        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(("ACC1015", 4, 16), (diagnostic.Code, diagnostic.Line, diagnostic.Column));
        Assert.Contains("did you mean 'cuda'?", diagnostic.Message);
    }

    [Fact]
    public void A_missing_or_unreadable_signature_says_to_rebuild()
    {
        var path = Path.Combine(_folder, "ok.model.json");
        File.WriteAllText(path, """{ "task": "tensor", "source": { "path": "m.onnx" } }""");
        File.WriteAllText(Path.Combine(_folder, "signature.json"), "not json");

        var missing = Assert.Throws<ModelHostException>(() => ModelHost.Open(path, Path.Combine(_folder, "absent.json"), _folder));
        var corrupt = Assert.Throws<ModelHostException>(() => ModelHost.Open(path, Path.Combine(_folder, "signature.json"), _folder));

        Assert.Contains("cannot be read", missing.Message);
        Assert.Contains("rebuild to refresh it", corrupt.Message);
    }

    [Fact]
    public void A_task_without_typed_methods_runs_as_the_tensor_task()
    {
        var manifest = Manifest("""{ "name": "Later", "task": "object-detection", "source": { "path": "m.onnx" } }""");
        var signature = SignatureOf(TestModels.TestModels.ResNet18Path, TestModels.TestModels.ResNet18Path);

        using var host = ModelHost.Open(manifest, signature, _folder);

        Assert.IsType<TensorPipeline>(host.Pipeline);
        var error = Assert.Throws<ArgumentException>(() => host.Invoke(new TaskRequest { Text = "no" }));
        Assert.StartsWith("Task 'tensor' needs \"tensors\" (Input247) in the request.", error.Message);
    }

    [Fact]
    public void Requests_in_JSON_read_every_documented_form_and_reject_others()
    {
        var request = TaskRequest.FromJson(JsonNode.Parse("""
            { "text": "a", "texts": ["b", "c"], "image": "AQI=", "audio": "AwQ=",
              "tensors": { "x": { "type": "int64", "shape": [2], "data": [5, 6] } } }
            """));

        Assert.Equal("a", request.Text);
        Assert.Equal(["b", "c"], request.Texts!);
        Assert.Equal([1, 2], request.Image!);
        Assert.Equal([3, 4], request.Audio!);
        Assert.Equal([5L, 6L], ((TensorBuffer<long>)request.Tensors!["x"]).Data);
        Assert.Throws<FormatException>(() => TaskRequest.FromJson(JsonNode.Parse("[1]")));
        Assert.Throws<FormatException>(() => TaskRequest.FromJson(JsonNode.Parse("""{ "tensors": { "x": { "type": "complex", "shape": [1], "data": [1] } } }""")));
        Assert.Throws<FormatException>(() => TaskRequest.FromJson(JsonNode.Parse("""{ "image": "not base64!" }""")));
    }
}
