using Accelerate.Results;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Running;

namespace Accelerate.Benchmarks.Tests;

public sealed class CaseDescriptionTests
{
    [Fact]
    public void SeparateParametersFollowTheConventions()
    {
        var cases = Describe(typeof(ConventionBenchmarks));

        Assert.Equal(2, cases.Count);
        var raw = cases.Single(c => c.Method == BenchmarkMethods.Raw);
        Assert.Equal(("Conventions", "cpu", "int8", 4, "seq=32 Mode=fast", 0, (int?)32), (raw.Model, raw.Backend, raw.Precision, raw.Batch, raw.Shape, raw.Threads, raw.TokensPerItem));
        Assert.Contains(cases, c => c.Method == BenchmarkMethods.EndToEnd);
    }

    [Fact]
    public void ShapeParametersGiveBatchAndShapeTogether()
    {
        var cases = Describe(typeof(ShapeBenchmarks));

        Assert.Equal(
            [(1, "224x224", (int?)null), (1, "seq=16", (int?)16), (8, "seq=16", (int?)16)],
            cases.Select(c => (c.Batch, c.Shape, c.TokensPerItem)).OrderBy(c => c.Shape, StringComparer.Ordinal).ThenBy(c => c.Batch));
        Assert.All(cases, c => Assert.Equal(("fp32", 2), (c.Precision, c.Threads)));
    }

    [Fact]
    public void OtherMethodNamesAreRejected()
    {
        var info = BenchmarkConverter.TypeToBenchmarks(typeof(BadMethodBenchmarks), BenchmarkProfile.ForTests().CreateConfig(Path.GetTempPath()));

        var error = Assert.Throws<InvalidOperationException>(() => CaseDescription.From(info.BenchmarksCases.Single(), "Bad"));

        Assert.Contains("must be named Raw or EndToEnd", error.Message);
    }

    private static List<CaseDescription> Describe(Type type) =>
        BenchmarkConverter.TypeToBenchmarks(type, BenchmarkProfile.ForTests().CreateConfig(Path.GetTempPath()))
            .BenchmarksCases.Select(c => CaseDescription.From(c, type == typeof(ConventionBenchmarks) ? "Conventions" : "Shapes")).ToList();

    public class ConventionBenchmarks() : ModelBenchmark(new ModelBenchmarkInfo("Conventions", "", "", "", "", "tensor"))
    {
        [Params("CPU")]
        public string Backend { get; set; } = "";

        [Params("int8")]
        public string Precision { get; set; } = "";

        [Params(4)]
        public int Batch { get; set; }

        [Params(32)]
        public int Sequence { get; set; }

        [Params("fast")]
        public string Mode { get; set; } = "";

        [Benchmark]
        public int Raw() => 1;

        [Benchmark]
        public int EndToEnd() => 2;
    }

    public class ShapeBenchmarks() : ModelBenchmark(new ModelBenchmarkInfo("Shapes", "", "", "", "", "tensor"))
    {
        public static IEnumerable<IBenchmarkShape> Shapes => [new TextShape(1, 16), new TextShape(8, 16), new ImageShape(1, 224, 224)];

        [Params("cpu")]
        public string Backend { get; set; } = "";

        [ParamsSource(nameof(Shapes))]
        public IBenchmarkShape Shape { get; set; } = null!;

        [Params(2)]
        public int Threads { get; set; }

        [Benchmark]
        public int Raw() => 1;
    }

    public class BadMethodBenchmarks() : ModelBenchmark(new ModelBenchmarkInfo("Bad", "", "", "", "", "tensor"))
    {
        [Benchmark]
        public int Infer() => 1;
    }
}
