using System.Diagnostics;
using System.Diagnostics.Tracing;
using Microsoft.Extensions.Logging;

namespace Accelerate.Runtime;

/// <summary>
/// Makes a backend fallback visible: a model that asked for <c>cuda</c> and runs on the CPU says so, with the reasons,
/// through the caller's logger, or else through the <see cref="RuntimeEventSource"/> and <see cref="Trace"/>.
/// </summary>
internal static class BackendFallbackLog
{
    /// <summary>The event id of a fallback warning (logger and EventSource alike).</summary>
    public const int FallbackEventId = 1;

    /// <summary>Reports that <paramref name="modelPath"/> opened on <paramref name="backend"/> after skipping backends for <paramref name="reasons"/>.</summary>
    public static void Report(string modelPath, string backend, IReadOnlyList<string> reasons, ILogger? logger)
    {
        if (reasons.Count == 0) return;
        var model = Path.GetFileName(modelPath);
        var why = string.Join("; ", reasons);
        if (logger is not null)
        {
            logger.LogWarning(new EventId(FallbackEventId, "BackendFallback"), "Accelerate: {Model} runs on {Backend}, not on a backend preferred before it: {Reasons}", model, backend, why);
            return;
        }

        RuntimeEventSource.Log.BackendFallback(modelPath, backend, why);
        Trace.TraceWarning($"Accelerate: {model} runs on {backend}, not on a backend preferred before it: {why}");
    }
}

/// <summary>
/// Accelerate.Runtime's events (name <c>Accelerate-Runtime</c>), for <c>dotnet-trace</c>, <c>dotnet-counters</c> or an
/// <see cref="EventListener"/> in the app: event 1 is a backend fallback.
/// </summary>
[EventSource(Name = "Accelerate-Runtime")]
public sealed class RuntimeEventSource : EventSource
{
    /// <summary>The one instance.</summary>
    public static RuntimeEventSource Log { get; } = new();

    private RuntimeEventSource()
    {
    }

    /// <summary>A session opened on <paramref name="backend"/> after skipping the backends preferred before it.</summary>
    /// <param name="modelPath">The model file.</param>
    /// <param name="backend">The backend it runs on.</param>
    /// <param name="reasons">Why each preferred backend was skipped, "; "-separated.</param>
    [Event(BackendFallbackLog.FallbackEventId, Level = EventLevel.Warning, Message = "{0} runs on {1}, not on a backend preferred before it: {2}")]
    public void BackendFallback(string modelPath, string backend, string reasons) => WriteEvent(BackendFallbackLog.FallbackEventId, modelPath, backend, reasons);
}
