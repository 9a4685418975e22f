using Accelerate.Runtime;
using Accelerate.Testing.Tests.Support;
using Xunit.Sdk;

namespace Accelerate.Testing.Tests;

/// <summary>
/// A row never runs on another backend. Only the cpu exists here, so these pretend the detector found cuda and show that
/// what happens next can only skip or fail: the check's own session is opened without CPU fallback, and a session on
/// another backend fails the check.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class NoFallbackTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly EnvironmentScope _clean = new((BackendSelection.AllowedVariable, null), (BackendSelection.RequiredVariable, null));

    public void Dispose()
    {
        BackendGate.ProbeOverride.Value = null;
        _clean.Dispose();
        _folder.Dispose();
    }

    // Set in the test method itself: an AsyncLocal set in the constructor need not flow into the test's context.
    private static void PretendEveryBackendIsAvailable() =>
        BackendGate.ProbeOverride.Value = name => new BackendStatus(name, BackendCatalog.Find(name)!.ProviderName, IsAvailable: true, string.Empty);

    /// <summary>Generated code that (wrongly) ignores the options it is given and lets the session fall back to the CPU.</summary>
    private sealed class FallsBackToCpu(ModelTestSpec spec) : ModelMatrixTests(spec)
    {
        public void RunLoads(string backend) => Loads(backend);

        protected override IModelUnderTest Open(string backend, AccelerateSessionOptions options) =>
            ModelsUnderTest.Vectors(new MiniLmModel(AccelerateSessionOptions.Default), m => m.Session, MiniLmMatrix.Samples, (m, t) => m.Embed(t), null, inputsAreText: true);
    }

    [Fact]
    public void ASessionOnAnotherBackendFailsTheRow()
    {
        var absent = Absent.Backend();
        PretendEveryBackendIsAvailable();

        var failure = Assert.Throws<FailException>(() => new FallsBackToCpu(Models.MiniLm(_folder.Path)).RunLoads(absent));

        Assert.Equal($"MiniLm[{absent}].Loads: asked for {absent}, but the session runs on cpu; matrix rows never fall back to another backend.", failure.Message);
    }

    [Fact]
    public void ABackendThatCannotOpenTheModelSkipsWithTheSessionsReason()
    {
        var absent = Absent.Backend();
        PretendEveryBackendIsAvailable();
        var spec = Models.MiniLm(_folder.Path);

        var skip = Skips.Catch(() => new MiniLmMatrix(spec).RunLoads(absent));

        Assert.Equal($"$XunitDynamicSkip${absent}: {BackendDetector.Probe(absent).Reason}", skip.Message);
    }

    [Fact]
    public void ARequiredBackendThatCannotOpenTheModelFails()
    {
        var absent = Absent.Backend();
        PretendEveryBackendIsAvailable();
        using var env = new EnvironmentScope((BackendSelection.RequiredVariable, absent));

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(Models.MiniLm(_folder.Path)).RunMatchesGoldens(absent));

        Assert.StartsWith($"MiniLm[{absent}].MatchesGoldens: {absent} is required (ACCELERATE_REQUIRE_BACKENDS={absent}) but unavailable: {absent}: ", failure.Message, StringComparison.Ordinal);
    }
}
