namespace Accelerate.Runtime;

/// <summary>The result of probing one backend on this machine (see <see cref="BackendDetector.Probe"/>).</summary>
/// <param name="Name">The backend's short name, e.g. <c>cuda</c> (as given, when it is not a known backend).</param>
/// <param name="ProviderName">The ONNX Runtime execution provider name, e.g. <c>CUDAExecutionProvider</c>; empty for an unknown backend.</param>
/// <param name="IsAvailable">Whether a session with this provider was created and ran on this machine.</param>
/// <param name="Reason">Why the backend is unavailable, in one line; empty when it is available.</param>
public sealed record BackendStatus(string Name, string ProviderName, bool IsAvailable, string Reason)
{
    /// <summary>"cuda (CUDAExecutionProvider): available", or "...: unavailable: reason".</summary>
    /// <returns>A one-line summary.</returns>
    public override string ToString() =>
        IsAvailable ? $"{Name} ({ProviderName}): available" : $"{Name} ({ProviderName}): unavailable: {Reason}";
}
