namespace Accelerate.Testing.Tests.Support;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "accelerate-testing-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder does not fail a test.
        }
    }
}

/// <summary>Sets environment variables for one test and restores the previous values on dispose.</summary>
internal sealed class EnvironmentScope : IDisposable
{
    private readonly Dictionary<string, string?> _previous = [];

    public EnvironmentScope(params (string Name, string? Value)[] variables)
    {
        foreach (var (name, value) in variables)
        {
            _previous.TryAdd(name, Environment.GetEnvironmentVariable(name));
            Environment.SetEnvironmentVariable(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (name, value) in _previous)
        {
            Environment.SetEnvironmentVariable(name, value);
        }
    }
}

/// <summary>Tests that set process-wide environment variables: they run alone, never beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "Environment variables";
}

/// <summary>Picks a backend this machine lacks, so row-skipping tests also hold on a machine with a GPU.</summary>
internal static class Absent
{
    /// <summary>cuda, or (where cuda works) another accelerator backend this machine lacks.</summary>
    public static string Backend()
    {
        var absent = new[] { "cuda", "tensorrt", "rocm", "migraphx", "openvino", "directml", "coreml", "qnn" }
            .FirstOrDefault(b => !Accelerate.Runtime.BackendDetector.Probe(b).IsAvailable);
        Assert.SkipWhen(absent is null, "every accelerator backend is available on this machine");
        return absent!;
    }
}

/// <summary>
/// Catches xunit's dynamic-skip exception. <c>Assert.Throws</c> cannot: xunit v3 lets <see cref="Xunit.Sdk.SkipException"/>
/// through every assertion so that a skip always skips the test.
/// </summary>
internal static class Skips
{
    public static Xunit.Sdk.SkipException Catch(Action action)
    {
        try
        {
            action();
        }
        catch (Xunit.Sdk.SkipException ex)
        {
            return ex;
        }

        Assert.Fail("Expected the check to skip, but it ran.");
        return null!;
    }
}
