using System.Text.Json.Nodes;

namespace Accelerate.Runtime;

/// <summary>The tensor task in the runtime host: named tensors in, every output out.</summary>
public sealed class TensorRuntimeTask : IRuntimeTask
{
    /// <inheritdoc />
    public string Name => Manifest.Tasks.Tensor.TensorTask.TaskName;

    /// <inheritdoc />
    public ITaskPipeline Open(HostContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TensorPipeline.Open(context.ModelPath, context.DefaultBackends, context.Options);
    }

    /// <summary>Runs the model on <see cref="TaskRequest.Tensors"/> (every graph input, by name).</summary>
    /// <returns><c>{"outputs": {"name": {"type", "shape", "data"}}}</c>, every output in graph order.</returns>
    public JsonNode Invoke(ITaskPipeline pipeline, TaskRequest request)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(request);
        var session = pipeline.Session;
        var inputNames = session.Session.InputNames;
        if (request.Tensors is not { } tensors) throw TaskRequest.Needs(Name, "\"tensors\" (" + string.Join(", ", inputNames) + ")");
        var missing = inputNames.Where(n => !tensors.ContainsKey(n)).ToList();
        if (missing.Count > 0) throw new ArgumentException($"The request has no tensor for input(s) {string.Join(", ", missing)} (inputs: {string.Join(", ", inputNames)}).", nameof(request));
        var outputNames = session.Session.OutputNames;
        var results = session.Run(inputNames, inputNames.Select(n => tensors[n]).ToArray(), outputNames);
        var outputs = new JsonObject();
        for (var i = 0; i < outputNames.Count; i++) outputs[outputNames[i]] = TaskRequest.TensorToJson(results[i]);
        return new JsonObject { ["outputs"] = outputs };
    }
}
