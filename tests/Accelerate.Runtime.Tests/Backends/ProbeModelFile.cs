namespace Accelerate.Runtime.Tests.Backends;

/// <summary>The detector's one-node model written to a temporary file, for session tests that only care about backend choice.</summary>
internal static class ProbeModelFile
{
    private static readonly Lazy<string> File = new(() =>
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"accelerate-probe-{Environment.ProcessId}.onnx");
        System.IO.File.WriteAllBytes(path, ProbeModel.Bytes);
        return path;
    });

    public static string Path => File.Value;
}
