namespace Accelerate.Runtime.Tests.Backends;

/// <summary>
/// A stand-in for the machine the detector probes: which providers the "ONNX Runtime build" reports and what creating
/// a session with each does. Tests of detection logic only — nothing here touches real hardware or checks model output.
/// </summary>
internal sealed class FakeMachine
{
    private readonly Dictionary<string, Func<string?>> _sessions = new(StringComparer.Ordinal);

    public FakeMachine(params string[] providers) => Providers = ["CPUExecutionProvider", .. providers];

    public List<string> Providers { get; }

    /// <summary>The backends whose trial session was attempted, in order.</summary>
    public List<string> SessionAttempts { get; } = [];

    /// <summary>Creating a session with <paramref name="backend"/>'s provider throws <paramref name="error"/>.</summary>
    public FakeMachine SessionThrows(string backend, Exception error)
    {
        _sessions[backend] = () => throw error;
        return this;
    }

    /// <summary>Creating a session with <paramref name="backend"/>'s provider reports <paramref name="failure"/>.</summary>
    public FakeMachine SessionFails(string backend, string failure)
    {
        _sessions[backend] = () => failure;
        return this;
    }

    public BackendProber CreateProber() => new(() => Providers, TrySession);

    // Sessions succeed unless told otherwise.
    private string? TrySession(BackendInfo backend)
    {
        SessionAttempts.Add(backend.Name);
        return _sessions.TryGetValue(backend.Name, out var session) ? session() : null;
    }
}
