using System.Text.Json.Nodes;
using Accelerate.Runtime;
using Xunit;

namespace ImageFeatures.Tests;

/// <summary>The runtime host opens ResNet18 from the files beside the tests and extracts exactly the generated class's features.</summary>
public sealed class HostParityTests
{
    [Fact]
    public void The_runtime_host_extracts_exactly_as_the_generated_class()
    {
        var images = SampleImages();
        using var model = new ResNet18();
        using var host = ModelHost.OpenFromOutput(AppContext.BaseDirectory, "ResNet18");

        foreach (var image in Directory.GetFiles(images, "*.png").Order(StringComparer.Ordinal))
        {
            var hosted = host.Invoke(new JsonObject { ["image"] = Convert.ToBase64String(File.ReadAllBytes(image)) })["features"]!.AsArray();
            Assert.Equal(model.Extract(image), hosted.Select(v => v!.GetValue<float>()).ToArray());
        }
    }

    // The sample's images, found from the test output upwards (samples/ImageFeatures/images).
    private static string SampleImages()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "ImageFeatures", "images");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("samples/ImageFeatures/images is not above the test output.");
    }
}
