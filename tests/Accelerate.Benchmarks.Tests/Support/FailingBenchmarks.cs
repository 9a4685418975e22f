using BenchmarkDotNet.Attributes;

namespace Accelerate.Benchmarks.Tests.Support;

/// <summary>A suite whose setup throws (a missing model, say): the host reports it as failed and stores nothing for it.</summary>
public class FailingBenchmarks : ModelBenchmark
{
    public FailingBenchmarks()
        : base(new ModelBenchmarkInfo("Broken", "models/Broken.model.json", "path models/missing.onnx", "", "", "tensor"))
    {
    }

    [Params("cpu")]
    public string Backend { get; set; } = "";

    [GlobalSetup]
    public void Setup() => throw new FileNotFoundException("Model file 'models/missing.onnx' was not found.");

    [Benchmark]
    public int Raw() => 42;
}
