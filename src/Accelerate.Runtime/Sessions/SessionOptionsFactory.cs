using Microsoft.ML.OnnxRuntime;

namespace Accelerate.Runtime;

/// <summary>Turns <see cref="AccelerateSessionOptions"/> into ONNX Runtime session options for one backend.</summary>
internal static class SessionOptionsFactory
{
    public static SessionOptions Create(AccelerateSessionOptions options, BackendInfo backend)
    {
        var result = new SessionOptions { GraphOptimizationLevel = ToOrt(options.GraphOptimization) };
        try
        {
            if (options.IntraOpThreads > 0)
            {
                result.IntraOpNumThreads = options.IntraOpThreads;
            }

            if (options.InterOpThreads > 0)
            {
                result.InterOpNumThreads = options.InterOpThreads;
            }

            if (options.AllowSpinning is bool spin)
            {
                var value = spin ? "1" : "0";
                result.AddSessionConfigEntry("session.intra_op.allow_spinning", value);
                result.AddSessionConfigEntry("session.inter_op.allow_spinning", value);
            }

            ExecutionProviders.Append(result, backend);
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    private static GraphOptimizationLevel ToOrt(GraphOptimization level) => level switch
    {
        GraphOptimization.None => GraphOptimizationLevel.ORT_DISABLE_ALL,
        GraphOptimization.Basic => GraphOptimizationLevel.ORT_ENABLE_BASIC,
        GraphOptimization.Extended => GraphOptimizationLevel.ORT_ENABLE_EXTENDED,
        GraphOptimization.All => GraphOptimizationLevel.ORT_ENABLE_ALL,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown graph optimisation level."),
    };
}
