namespace Accelerate.Runtime;

/// <summary>
/// A task's pipeline (pre-processing → session(s) → post-processing), one folder per task under Tasks/. A generated model
/// class holds one and forwards its typed methods to it; the runtime host (<see cref="ModelHost"/>) opens the same one
/// from a manifest. Disposing it releases its sessions.
/// </summary>
public interface ITaskPipeline : IDisposable
{
    /// <summary>The session of the task's main model (the manifest's "source").</summary>
    ModelSession Session { get; }
}
