using Accelerate.Runtime;

namespace Accelerate.Benchmarks.Tests;

[Collection(nameof(HostCollection))] // SelectionFollowsTheRunningProfile sets the static profile the host sets too
public sealed class BackendTests
{
    [Fact]
    public void OptionsPinTheBackendWithoutFallbackAndTurnSpinningOff()
    {
        var defaults = new AccelerateSessionOptions { Backends = ["cuda", "cpu"], IntraOpThreads = 4, GraphOptimization = GraphOptimization.Basic, AllowSpinning = true };

        var options = Probe.OptionsFor(defaults, "cuda", 2);

        Assert.Equal(["cuda"], options.Backends);
        Assert.False(options.AllowCpuFallback);
        Assert.Equal(2, options.IntraOpThreads);
        Assert.False(options.AllowSpinning);
        Assert.Equal(GraphOptimization.Basic, options.GraphOptimization); // the manifest's other settings are kept
    }

    [Fact]
    public void AnUnavailableBackendIsNeverRunOnTheCpuInstead()
    {
        var options = Probe.OptionsFor(AccelerateSessionOptions.Default, "cuda", 1);

        var error = Assert.Throws<BackendUnavailableException>(() => ModelSession.Open(TestModels.TestModels.ResNet18Path, ["cpu"], options));

        Assert.Contains("cuda: CUDAExecutionProvider is not in this ONNX Runtime build", error.Message);
    }

    [Fact]
    public void LoadTimesTheModelAndRecordsItsBackend()
    {
        var probe = new Probe();

        using var session = probe.LoadSession(Probe.OptionsFor(AccelerateSessionOptions.Default, "cpu", 1));

        Assert.Equal("cpu", probe.LoadedBackend);
        Assert.True(probe.LoadTime > TimeSpan.Zero);
    }

    [Fact]
    public void AvailableBackendsSkipsAbsentOnesWithTheDetectorsReason()
    {
        ModelBenchmark.TakeSkipped();

        var backends = ModelBenchmark.SelectBackends(["cpu", "cuda", "CPU", "nosuch"], BackendSelection.Unrestricted, BackendDetector.Probe);

        Assert.Equal(["cpu"], backends);
        var skipped = ModelBenchmark.TakeSkipped();
        Assert.Equal(["cuda", "nosuch"], skipped.Select(s => s.Backend));
        Assert.StartsWith("CUDAExecutionProvider is not in this ONNX Runtime build", skipped[0].Reason);
        Assert.Contains("not a known backend", skipped[1].Reason);
        Assert.All(skipped, s => Assert.False(s.Required));
    }

    [Fact]
    public void AvailableBackendsHonoursTheRestrictionAndRequirement()
    {
        ModelBenchmark.TakeSkipped();
        var selection = BackendSelection.Parse("cuda", "cuda");

        var backends = ModelBenchmark.SelectBackends(["cpu", "cuda"], selection, BackendDetector.Probe);

        Assert.Empty(backends);
        var skipped = ModelBenchmark.TakeSkipped();
        Assert.Equal("excluded by ACCELERATE_BACKENDS=cuda", skipped.Single(s => s.Backend == "cpu").Reason);
        Assert.True(skipped.Single(s => s.Backend == "cuda").Required);
    }

    [Fact]
    public void QuickKeepsTheSmallestShapeAndItsNeighboursCheapestFirst()
    {
        TextShape[] shapes = [new(1, 16), new(1, 128), new(8, 16), new(8, 128), new(1, 16)];

        Assert.Equal([new TextShape(1, 16), new TextShape(1, 128), new TextShape(8, 16)], ModelBenchmark.LimitShapes(shapes, 3));
        Assert.Equal([new TextShape(1, 16), new TextShape(1, 128)], ModelBenchmark.LimitShapes(shapes, 2)); // equal cost: the smaller batch first
        Assert.Equal(4, ModelBenchmark.LimitShapes(shapes, null).Count);
        Assert.Equal(
            [new ImageShape(1, 224, 224), new ImageShape(4, 224, 224), new ImageShape(1, 384, 384)],
            ModelBenchmark.LimitShapes([new ImageShape(1, 224, 224), new ImageShape(4, 224, 224), new ImageShape(1, 384, 384), new ImageShape(4, 384, 384)], 3));
    }

    [Fact]
    public void QuickKeepsTheLargestThreadCountTheMachineHas()
    {
        Assert.Equal([1], ModelBenchmark.LimitThreads([1, 2], 1, processors: 2));
        Assert.Equal([4], ModelBenchmark.LimitThreads([1, 4, 8], 1, processors: 8));
        Assert.Equal([1], ModelBenchmark.LimitThreads([1, 4, 8], 1, processors: 4));
        Assert.Equal([8], ModelBenchmark.LimitThreads([16, 8], 1, processors: 2));
        Assert.Equal([1, 2, 4], ModelBenchmark.LimitThreads([1, 2, 4], null, processors: 2));
    }

    [Fact]
    public void SelectionFollowsTheRunningProfile()
    {
        Assert.Equal(4, Probe.Shapes().Count());
        Assert.Equal([1, 2], Probe.Threads());
        try
        {
            ModelBenchmark.CurrentProfile = BenchmarkProfile.Quick;
            Assert.Equal(3, Probe.Shapes().Count());
            Assert.Single(Probe.Threads());
        }
        finally
        {
            ModelBenchmark.CurrentProfile = null;
        }
    }

    /// <summary>Not public, so the host never picks it up as a suite.</summary>
    internal sealed class Probe : ModelBenchmark
    {
        public Probe()
            : base(new ModelBenchmarkInfo("Probe", "probe.model.json", "test", "", "", "tensor"))
        {
        }

        public static AccelerateSessionOptions OptionsFor(AccelerateSessionOptions defaults, string backend, int threads) =>
            Options(defaults, backend, threads);

        public static IEnumerable<TextShape> Shapes() => SelectShapes<TextShape>(new(1, 16), new(1, 128), new(8, 16), new(8, 128));

        public static IEnumerable<int> Threads() => SelectThreads(1, 2);

        public ModelSession LoadSession(AccelerateSessionOptions options) =>
            Load(() => ModelSession.Open(TestModels.TestModels.ResNet18Path, ["cpu"], options), s => s);
    }
}
