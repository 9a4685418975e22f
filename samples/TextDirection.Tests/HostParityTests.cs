using System.Text.Json.Nodes;
using Accelerate.Runtime;
using Xunit;

namespace TextDirection.Tests;

/// <summary>The runtime host opens the classifier from the files beside the tests and gives exactly the generated class's labels and scores.</summary>
public sealed class HostParityTests(TextImages images) : IClassFixture<TextImages>
{
    [Fact]
    public void The_runtime_host_classifies_exactly_as_the_generated_class()
    {
        using var model = new TextDirection();
        using var host = ModelHost.OpenFromOutput(AppContext.BaseDirectory, "TextDirection");

        foreach (var image in new[] { images.Draw("Some text", false), images.Draw("Some text", true), images.Draw("Invoice 2026-12-02", true) })
        {
            var hosted = host.Invoke(new JsonObject { ["image"] = Convert.ToBase64String(File.ReadAllBytes(image)) })["labels"]!.AsArray();
            var generated = model.Classify(image);
            Assert.Equal(generated.Select(l => l.Label), hosted.Select(l => l!["label"]!.GetValue<string>()));
            Assert.Equal(generated.Select(l => l.Score), hosted.Select(l => l!["score"]!.GetValue<float>()));
        }
    }
}
