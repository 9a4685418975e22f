using Accelerate.Benchmarks.Tests.Support;

namespace Accelerate.Benchmarks.Tests;

public sealed class HostOptionsTests
{
    [Fact]
    public void ParsesEveryOption()
    {
        var options = HostOptions.Parse(
        [
            "--profile", "quick", "--results", "r.duckdb", "--baseline", "main", "--save-baseline=next", "--threshold", "0.1",
            "--artifacts", "a", "--reports", "rep", "--summary", "s.json", "--filter", "*MiniLm*", "--filter", "*Res*",
            "--project", "/tmp", "--fail-on-regression",
        ]);

        Assert.Same(BenchmarkProfile.Quick, options.Profile);
        Assert.Equal("r.duckdb", options.ResultsPath);
        Assert.Equal("main", options.Baseline);
        Assert.Equal("next", options.SaveBaseline);
        Assert.Equal(0.1, options.Threshold);
        Assert.Equal("a", options.ArtifactsPath);
        Assert.Equal("rep", options.ReportsPath);
        Assert.Equal("s.json", options.SummaryPath);
        Assert.Equal(["*MiniLm*", "*Res*"], options.Filters);
        Assert.Equal("/tmp", options.ProjectDirectory);
        Assert.True(options.FailOnRegression);
    }

    [Fact]
    public void DefaultsFollowTheProjectDirectory()
    {
        var options = HostOptions.Parse(["--project", "/tmp/app"]);

        Assert.Same(BenchmarkProfile.Default, options.Profile);
        Assert.Equal("/tmp/app/.accelerate/results.duckdb", options.EffectiveResultsPath);
        Assert.Equal("/tmp/app/BenchmarkDotNet.Artifacts", options.EffectiveArtifactsPath);
        Assert.Equal(0.05, options.Threshold);
        Assert.False(options.FailOnRegression);
    }

    [Theory]
    [InlineData("--profile", "fast")]
    [InlineData("--threshold", "-1")]
    [InlineData("--threshold", "five")]
    [InlineData("--results")]
    [InlineData("--bogus")]
    public void BadArgumentsAreRejected(params string[] args) =>
        Assert.Throws<ArgumentException>(() => HostOptions.Parse(args));

    [Theory]
    [InlineData("13", 13)]
    [InlineData("ai.onnx 13", 13)]
    [InlineData("com.microsoft 1, ai.onnx 17", 17)]
    [InlineData("com.microsoft 1", null)]
    [InlineData("", null)]
    public void TheDefaultDomainOpsetIsStored(string opsets, int? expected) =>
        Assert.Equal(expected, BenchmarkHost.DefaultOpset(opsets));

    [Fact]
    public void RunReturnsTheUsageExitCodeForBadArguments() =>
        Assert.Equal(BenchmarkHost.UsageExitCode, BenchmarkHost.Run(["--profile", "fast"], typeof(ResNetBenchmarks).Assembly));
}
