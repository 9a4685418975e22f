using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime.Tests.Sessions;

public sealed class ModelSessionTests
{
    [Fact]
    public void FallsBackToCpuAndRecordsWhy()
    {
        using var session = ModelSession.Open(Models.ResNet18Path, ["cuda", "cpu"]);

        Assert.Equal("cpu", session.Backend);
        Assert.Equal("CPUExecutionProvider", session.BackendInfo.ProviderName);
        var reason = Assert.Single(session.FallbackReasons);
        Assert.StartsWith("cuda: CUDAExecutionProvider is not in this ONNX Runtime build", reason);
        Assert.True(session.LoadTime > TimeSpan.Zero);
    }

    [Fact]
    public void FallsBackToCpuWhenNotListedIfAllowed()
    {
        using var session = ModelSession.Open(Models.ResNet18Path, ["tensorrt", "cuda"]);

        Assert.Equal("cpu", session.Backend);
        Assert.Equal(2, session.FallbackReasons.Count);
        Assert.StartsWith("tensorrt: TensorrtExecutionProvider", session.FallbackReasons[0]);
    }

    [Fact]
    public void OptionsBackendsOverrideTheDefaults()
    {
        using var session = ModelSession.Open(Models.ResNet18Path, ["cuda"], new AccelerateSessionOptions { Backends = ["cpu"], AllowCpuFallback = false });

        Assert.Equal("cpu", session.Backend);
        Assert.Empty(session.FallbackReasons);
    }

    [Fact]
    public void WithoutCpuFallbackUnavailableBackendsThrowWithReasons()
    {
        var error = Assert.Throws<BackendUnavailableException>(() =>
            ModelSession.Open(Models.ResNet18Path, ["cpu"], new AccelerateSessionOptions { Backends = ["cuda", "nosuch"], AllowCpuFallback = false }));

        Assert.Equal(2, error.Reasons.Count);
        Assert.Contains("cuda: CUDAExecutionProvider is not in this ONNX Runtime build", error.Message);
        Assert.Contains("nosuch: 'nosuch' is not a known backend", error.Message);
        Assert.Contains("AllowCpuFallback", error.Message);
    }

    [Fact]
    public void MissingModelFileIsExplained()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ModelSession.Open("models/missing.onnx", ["cpu"]));

        Assert.Equal(Path.GetFullPath("models/missing.onnx"), error.FileName);
        Assert.Contains(Path.GetFullPath("models/missing.onnx"), error.Message);
        Assert.Contains("output folder", error.Message);
    }

    [Fact]
    public void AnUnloadableModelFailsOnTheCpuInsteadOfBeingSkipped()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, [1, 2, 3, 4]);
        try
        {
            Assert.ThrowsAny<OnnxRuntimeException>(() => ModelSession.Open(path, ["cuda", "cpu"]));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void RawRunOnResNet18ReturnsTheFeatureVector()
    {
        using var session = ModelSession.Open(Models.ResNet18Path, ["cpu"], new AccelerateSessionOptions { IntraOpThreads = 1, AllowSpinning = false });
        var input = session.Session.InputNames.Single();
        var output = session.Session.OutputNames.Single();
        var pixels = Enumerable.Range(0, 3 * 224 * 224).Select(i => (float)Math.Sin(i * 0.001)).ToArray();

        var results = session.Run([input], [new TensorBuffer<float>(pixels, [1, 3, 224, 224])], [output]);

        var features = Assert.IsType<TensorBuffer<float>>(Assert.Single(results));
        Assert.Equal([1L, 512, 1, 1], features.Shape);
        Assert.Equal(typeof(float), features.ElementType);
        Assert.All(features.Data, v => Assert.True(float.IsFinite(v) && v >= 0)); // after ReLU + average pooling
        Assert.Contains(features.Data, v => v > 0);

        // Same input, same output: the run did not depend on anything but the buffer.
        var again = (TensorBuffer<float>)session.Run([input], [new TensorBuffer<float>(pixels, [1, 3, 224, 224])], [output])[0];
        Assert.Equal(features.Data, again.Data);
    }

    [Theory]
    [InlineData(GraphOptimization.None)]
    [InlineData(GraphOptimization.Basic)]
    [InlineData(GraphOptimization.Extended)]
    public void GraphOptimizationLevelsGiveTheSameEmbedding(GraphOptimization level)
    {
        var options = new AccelerateSessionOptions { GraphOptimization = level, IntraOpThreads = 1, InterOpThreads = 1, AllowSpinning = true };
        using var session = ModelSession.Open(Models.MiniLmModelPath, ["cpu"], options);
        using var reference = ModelSession.Open(Models.MiniLmModelPath, ["cpu"]);
        var tokenizer = WordPieceTokenizer.Load(Models.MiniLmVocabPath, true);

        var embedding = new TextEmbeddingPipeline(session, tokenizer, MiniLm.SentenceTransformersOptions).Embed("Graph rewrites must not change results.");
        var expected = new TextEmbeddingPipeline(reference, tokenizer, MiniLm.SentenceTransformersOptions).Embed("Graph rewrites must not change results.");

        Vectors.AssertClose(expected, embedding, 1e-5);
    }

    [Fact]
    public void RunChecksItsArguments()
    {
        using var session = ModelSession.Open(Models.ResNet18Path, ["cpu"]);
        var buffer = new TensorBuffer<float>(new float[3 * 224 * 224], [1, 3, 224, 224]);

        Assert.Throws<ArgumentException>(() => session.Run(["a", "b"], [buffer], ["out"]));
        Assert.Throws<ArgumentException>(() => session.Run(["Input247"], [new OtherBuffer()], [session.Session.OutputNames[0]]));
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(["Input247"], [buffer], [session.Session.OutputNames[0]]));
    }

    private sealed class OtherBuffer : ITensorBuffer
    {
        public long[] Shape => [1];

        public Type ElementType => typeof(float);
    }
}
