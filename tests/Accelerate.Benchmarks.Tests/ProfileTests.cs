using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Accelerate.Benchmarks.Tests;

public sealed class ProfileTests
{
    [Theory]
    [InlineData("quick")]
    [InlineData("default")]
    [InlineData("thorough")]
    [InlineData(" Quick ")]
    [InlineData("THOROUGH")]
    public void ParsesTheBuiltInProfiles(string name)
    {
        var profile = BenchmarkProfile.Parse(name);

        Assert.Equal(name.Trim().ToLowerInvariant(), profile.Name);
        Assert.Same(BenchmarkProfile.All.Single(p => p.Name == profile.Name), profile);
    }

    [Fact]
    public void UnknownProfileListsTheNames()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchmarkProfile.Parse("fast"));

        Assert.Contains("'fast'", error.Message);
        Assert.Contains("quick, default, thorough", error.Message);
    }

    [Fact]
    public void ProfilesGetProgressivelyMoreThorough()
    {
        var (quick, normal, thorough) = (BenchmarkProfile.Quick, BenchmarkProfile.Default, BenchmarkProfile.Thorough);

        Assert.True(quick.IterationCount < normal.IterationCount && normal.IterationCount < thorough.IterationCount);
        Assert.True(quick.IterationTime < normal.IterationTime && normal.IterationTime < thorough.IterationTime);
        Assert.True(quick.LatencySamples < normal.LatencySamples && normal.LatencySamples < thorough.LatencySamples);
        Assert.True(quick.LatencyTimeLimit < normal.LatencyTimeLimit && normal.LatencyTimeLimit < thorough.LatencyTimeLimit);
    }

    [Theory]
    [InlineData("quick")]
    [InlineData("default")]
    [InlineData("thorough")]
    public void ConfigHasOneInProcessJobWithTheMemoryDiagnoserAndTheThreeExporters(string name)
    {
        var profile = BenchmarkProfile.Parse(name);
        var artifacts = Path.Combine(Path.GetTempPath(), "acc-bench-artifacts");

        var config = ImmutableConfigBuilder.Create(profile.CreateConfig(artifacts));

        var job = Assert.Single(config.GetJobs());
        Assert.IsType<InProcessEmitToolchain>(job.Infrastructure.Toolchain);
        Assert.Equal(name, job.Id);
        Assert.Equal(profile.WarmupCount, job.Run.WarmupCount);
        Assert.Equal(profile.IterationCount, job.Run.IterationCount);
        Assert.Equal(1, job.Run.UnrollFactor);
        Assert.Equal(profile.IterationTime.TotalMilliseconds, job.Run.IterationTime.ToMilliseconds(), 6);
        Assert.Contains(config.GetDiagnosers(), d => d is MemoryDiagnoser);
        var exporters = config.GetExporters().ToList();
        Assert.Contains(exporters, e => e is MarkdownExporter);
        Assert.Contains(exporters, e => e is JsonExporter);
        Assert.Contains(exporters, e => e is CsvExporter);
        Assert.Equal(Path.GetFullPath(artifacts), config.ArtifactsPath);
        Assert.False(config.Options.HasFlag(ConfigOptions.DisableOptimizationsValidator));
    }

    [Fact]
    public void TestProfileRunsOneCallPerIterationAndAllowsDebugBuilds()
    {
        var profile = BenchmarkProfile.ForTests(latencySamples: 12);

        var config = ImmutableConfigBuilder.Create(profile.CreateConfig(Path.GetTempPath()));

        var job = Assert.Single(config.GetJobs());
        Assert.Equal(1, job.Run.InvocationCount);
        Assert.Equal(12, profile.LatencySamples);
        Assert.True(config.Options.HasFlag(ConfigOptions.DisableOptimizationsValidator));
    }

    [Fact]
    public void InvalidSettingsAreRejected()
    {
        var profile = BenchmarkProfile.Quick with { IterationCount = 0 };

        Assert.Throws<InvalidOperationException>(() => profile.CreateConfig(Path.GetTempPath()));
    }
}
