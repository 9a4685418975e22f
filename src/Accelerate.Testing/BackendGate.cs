using Accelerate.Runtime;
using Xunit;

namespace Accelerate.Testing;

/// <summary>
/// Decides, at the start of every check, whether a backend row runs: restricted rows skip, absent backends skip with
/// the detector's reason, and absent backends that are required fail.
/// </summary>
internal sealed class BackendGate
{
    /// <summary>The test-assembly metadata key (from the MSBuild property) that restricts the rows.</summary>
    public const string AllowedSetting = "AccelerateBackends";

    /// <summary>The test-assembly metadata key (from the MSBuild property) that requires backends.</summary>
    public const string RequiredSetting = "AccelerateRequireBackends";

    private readonly BackendSelection _selection;

    /// <summary>Test seam: replaces the detector for the current async flow (tests pretend a backend is present).</summary>
    internal static AsyncLocal<Func<string, BackendStatus>?> ProbeOverride { get; } = new();

    /// <summary>Combines the environment variables with the settings baked into the test assembly.</summary>
    /// <exception cref="ArgumentException">A setting names an unknown backend, or requires one another setting excludes.</exception>
    public BackendGate(string? allowed, string? required) =>
        _selection = BackendSelection.Combine(
            BackendSelection.FromEnvironment(),
            BackendSelection.Parse(allowed, required, AllowedSetting, RequiredSetting));

    /// <summary>Whether the environment and the test assembly's settings let a row of <paramref name="backend"/> run.</summary>
    public bool IsAllowed(string backend, out string reason) => _selection.IsAllowed(backend, out reason);

    /// <summary>Skips (not allowed, or absent) or fails (absent but required); returns when the row may run.</summary>
    public void Enter(string label, string backend)
    {
        if (!_selection.IsAllowed(backend, out var reason))
        {
            Assert.Skip(reason);
        }

        var status = ProbeOverride.Value?.Invoke(backend) ?? BackendDetector.Probe(backend); // cached per process by the detector
        if (!status.IsAvailable)
        {
            Unavailable(label, backend, status.Reason);
        }
    }

    /// <summary>The backend cannot run: fail when it is required, else skip with <paramref name="reason"/>.</summary>
    public void Unavailable(string label, string backend, string reason)
    {
        if (_selection.RequiredBy(backend) is { } source)
        {
            Assert.Fail($"{label}: {backend} is required ({source}) but unavailable: {reason}");
        }

        Assert.Skip(reason);
    }
}
