using System.Text.Json.Nodes;
using Accelerate.Runtime;
using Xunit;

namespace SentenceEmbeddings.Tests;

/// <summary>
/// The runtime host (what the CLI and the web service run) opens the same model from the files the build copied beside
/// the tests, with no generated code, and gives exactly the generated class's embeddings.
/// </summary>
public sealed class HostParityTests
{
    private static readonly string[] Texts = ["The weather is lovely today.", "Zwei Sätze mit Umlauten.", "", "東京は日本の首都です。"];

    [Fact]
    public void The_runtime_host_embeds_exactly_as_the_generated_class()
    {
        using var model = new MiniLm();
        using var host = ModelHost.OpenFromOutput(AppContext.BaseDirectory, "MiniLm");

        Assert.Equal("feature-extraction", host.Task);
        foreach (var text in Texts)
        {
            var hosted = host.Invoke(new JsonObject { ["text"] = text })["embedding"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
            Assert.Equal(model.Embed(text), hosted);
        }

        var batch = host.Invoke(new TaskRequest { Texts = Texts })["embeddings"]!.AsArray();
        var expected = model.Embed(Texts);
        for (var i = 0; i < Texts.Length; i++)
        {
            Assert.Equal(expected[i], batch[i]!.AsArray().Select(v => v!.GetValue<float>()).ToArray());
        }
    }

    [Fact]
    public void A_request_without_text_says_what_the_task_needs()
    {
        using var host = ModelHost.OpenFromOutput(AppContext.BaseDirectory, "MiniLm");

        var error = Assert.Throws<ArgumentException>(() => host.Invoke(new JsonObject { ["image"] = "AAAA" }));

        Assert.StartsWith("Task 'feature-extraction' needs \"text\" or \"texts\" in the request.", error.Message);
    }

    [Fact]
    public void An_unknown_model_name_lists_the_models_there()
    {
        var error = Assert.Throws<ModelHostException>(() => ModelHost.OpenFromOutput(AppContext.BaseDirectory, "Nope"));

        Assert.Contains("No model 'Nope' in", error.Message);
        Assert.Contains("MiniLm", error.Message);
    }
}
