using Accelerate.Runtime;
using BenchmarkDotNet.Attributes;

namespace Accelerate.Benchmarks.Tests.Support;

/// <summary>
/// A hand-written model benchmark shaped as the generator emits them: ResNet18 from its NuGet package, raw
/// (<c>session.Run</c> on a prepared tensor) and end to end (pixels scaled into the tensor, run, L2-normalised
/// features). The host tests run it with an ultra-short profile.
/// </summary>
[MemoryDiagnoser] // as generated classes have it: the host's config adds the same diagnoser
public class ResNetBenchmarks : ModelBenchmark
{
    private ModelSession _session = null!;
    private string[] _inputNames = [];
    private string[] _outputNames = [];
    private TensorBuffer<float> _input = null!;
    private byte[] _pixels = [];

    public ResNetBenchmarks()
        : base(new ModelBenchmarkInfo(
            "ResNet18",
            "models/ResNet18.model.json",
            "package Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 file tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx",
            "0000000000000000000000000000000000000000000000000000000000000000",
            "9",
            "image-feature-extraction"))
    {
    }

    /// <summary>cpu on this machine; cuda is skipped with the detector's reason (its ONNX Runtime build has no CUDA).</summary>
    public static IEnumerable<string> Backends => AvailableBackends("cpu", "cuda");

    public static IEnumerable<ImageShape> Shapes => [new(1, 224, 224)];

    [ParamsSource(nameof(Backends))]
    public string Backend { get; set; } = "";

    [ParamsSource(nameof(Shapes))]
    public ImageShape Shape { get; set; } = null!;

    [Params(2)]
    public int Threads { get; set; }

    /// <summary>Test seam: makes every call this much slower, to check that the gate sees a real slowdown.</summary>
    public static TimeSpan ExtraDelay { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _session = Load(
            () => ModelSession.Open(TestModels.TestModels.ResNet18Path, ["cpu"], Options(AccelerateSessionOptions.Default, Backend, Threads)),
            s => s);
        _inputNames = [.. _session.Session.InputMetadata.Keys];
        _outputNames = [.. _session.Session.OutputMetadata.Keys];
        _input = TensorBuffer<float>.Zeros([Shape.Batch, 3, Shape.Height, Shape.Width]);
        var random = new Random(7);
        _pixels = new byte[_input.Data.Length];
        random.NextBytes(_pixels);
        Fill();
    }

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    [Benchmark]
    public IReadOnlyList<ITensorBuffer> Raw()
    {
        Delay();
        return _session.Run(_inputNames, [_input], _outputNames);
    }

    [Benchmark]
    public float[] EndToEnd()
    {
        Delay();
        Fill();
        var output = (TensorBuffer<float>)_session.Run(_inputNames, [_input], _outputNames)[0];
        var features = output.Data;
        var norm = MathF.Sqrt(features.Sum(v => v * v));
        return [.. features.Select(v => v / norm)];
    }

    private void Fill()
    {
        var data = _input.Data;
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = _pixels[i] / 255f;
        }
    }

    private static void Delay()
    {
        if (ExtraDelay > TimeSpan.Zero)
        {
            Thread.Sleep(ExtraDelay);
        }
    }
}
