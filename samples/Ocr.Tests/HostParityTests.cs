using System.Text.Json.Nodes;
using Accelerate.Runtime;

namespace Ocr.Tests;

/// <summary>The runtime host opens the OCR chain from the files beside the tests and gives exactly the generated class's lines.</summary>
public sealed class HostParityTests : IDisposable
{
    private readonly string _folder = Paths.NewTempFolder("host");

    public void Dispose() => Paths.Delete(_folder);

    [Fact]
    public void The_runtime_host_reads_exactly_as_the_generated_class()
    {
        using var model = new Ocr();
        using var host = ModelHost.OpenFromOutput(AppContext.BaseDirectory, "Ocr");
        var sample = Path.Combine(Paths.RepositoryRoot, "samples", "Ocr", "images");
        string[] images =
        [
            Path.Combine(sample, "invoice.png"),
            Path.Combine(sample, "upside-down.png"),
            RenderedText.Draw(_folder, ["Flight LH 2043", "Gate closes at 10:45"], "Liberation-Sans", 28, -2, 97).Path,
        ];

        foreach (var image in images)
        {
            var hosted = host.Invoke(new JsonObject { ["image"] = Convert.ToBase64String(File.ReadAllBytes(image)) })["lines"]!.AsArray();
            var generated = model.Read(image);
            Assert.NotEmpty(generated);
            Assert.Equal(generated.Select(l => l.Text), hosted.Select(l => l!["text"]!.GetValue<string>()));
            Assert.Equal(generated.Select(l => l.Score), hosted.Select(l => l!["score"]!.GetValue<float>()));
            Assert.Equal(generated.Select(l => string.Join(",", l.Box.Select(p => $"{p.X}:{p.Y}"))),
                hosted.Select(l => string.Join(",", l!["box"]!.AsArray().Select(p => $"{p![0]!.GetValue<float>()}:{p[1]!.GetValue<float>()}"))));
        }
    }
}
