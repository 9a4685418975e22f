using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using Accelerate.Runtime.Tests.Backends;
using Microsoft.Extensions.Logging;

namespace Accelerate.Runtime.Tests.Sessions;

/// <summary>A session that falls back to the CPU says so: through the caller's logger, else through the EventSource.</summary>
public sealed class BackendFallbackLogTests
{
    private static readonly string[] CudaOnly = ["cuda"];

    [Fact]
    public void A_fallback_to_the_cpu_is_a_warning_on_the_given_logger_with_the_reason()
    {
        var logger = new RecordingLogger();

        using var session = ModelSession.Open(ProbeModelFile.Path, CudaOnly, AccelerateSessionOptions.Default with { Logger = logger },
            BackendSelection.Unrestricted, new FakeMachine().CreateProber());

        Assert.Equal("cpu", session.Backend);
        var (level, id, message) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Equal(1, id.Id);
        Assert.Equal("BackendFallback", id.Name);
        Assert.Equal($"Accelerate: {Path.GetFileName(ProbeModelFile.Path)} runs on cpu, not on a backend preferred before it: cuda: "
            + "CUDAExecutionProvider is not in this ONNX Runtime build (builds that have it: the Microsoft.ML.OnnxRuntime.Gpu package; with Accelerate.Build, set AccelerateOnnxRuntime=cuda)", message);
    }

    [Fact]
    public void Without_a_logger_the_fallback_is_an_event_of_the_Accelerate_Runtime_event_source()
    {
        using var listener = new FallbackListener();

        using var session = ModelSession.Open(ProbeModelFile.Path, CudaOnly, null, BackendSelection.Unrestricted, new FakeMachine().CreateProber());

        var fallback = Assert.Single(listener.Events, e => (string)e.Payload![0]! == Path.GetFullPath(ProbeModelFile.Path));
        Assert.Equal(EventLevel.Warning, fallback.Level);
        Assert.Equal("cpu", fallback.Payload![1]);
        Assert.StartsWith("cuda: CUDAExecutionProvider is not in this ONNX Runtime build", (string)fallback.Payload[2]!);
    }

    [Fact]
    public void The_first_preferred_backend_logs_nothing()
    {
        var logger = new RecordingLogger();

        using var session = ModelSession.Open(ProbeModelFile.Path, ["cpu"], AccelerateSessionOptions.Default with { Logger = logger },
            BackendSelection.Unrestricted, new FakeMachine().CreateProber());

        Assert.Empty(logger.Entries);
    }

    private sealed class RecordingLogger : ILogger
    {
        public ConcurrentQueue<(LogLevel Level, EventId Id, string Message)> Entries { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Enqueue((logLevel, eventId, formatter(state, exception)));
    }

    private sealed class FallbackListener : EventListener
    {
        public ConcurrentQueue<EventWrittenEventArgs> Events { get; } = new();

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Accelerate-Runtime") EnableEvents(eventSource, EventLevel.Warning);
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            if (eventData.EventId == 1) Events.Enqueue(eventData);
        }
    }
}
