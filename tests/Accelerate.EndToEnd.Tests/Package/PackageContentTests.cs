using System.IO.Compression;
using System.Xml.Linq;
using Accelerate.EndToEnd.Tests.Infrastructure;

namespace Accelerate.EndToEnd.Tests.Package;

/// <summary>What each packed .nupkg holds, and a consumer that gets Accelerate.Build only through a referenced project.</summary>
public sealed class PackageContentTests(PackedPackageFixture package)
{
    private string Nupkg(string id) => Path.Combine(package.PackageFolder, $"{id}.{package.Version}.nupkg");

    private IReadOnlyList<string> Entries(string id)
    {
        using var zip = ZipFile.OpenRead(Nupkg(id));
        return zip.Entries.Select(e => e.FullName).ToList();
    }

    private IReadOnlyList<string> Dependencies(string id)
    {
        using var zip = ZipFile.OpenRead(Nupkg(id));
        using var stream = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open();
        return XDocument.Load(stream).Descendants().Where(e => e.Name.LocalName == "dependency").Select(e => (string)e.Attribute("id")!).Distinct().ToList();
    }

    [Fact]
    public void AccelerateBuild_holds_the_generator_tasks_msbuild_files_schema_and_docs()
    {
        var entries = Entries("Accelerate.Build");

        Assert.Subset(entries.ToHashSet(), new HashSet<string>
        {
            "analyzers/dotnet/cs/Accelerate.Generators.dll", "analyzers/dotnet/cs/Accelerate.Manifest.dll", "analyzers/dotnet/cs/Scriban.Signed.dll",
            "tasks/net10.0/Accelerate.Build.Tasks.dll", "tasks/net10.0/Accelerate.ModelFiles.dll", "tasks/net10.0/Accelerate.Manifest.dll", "tasks/net10.0/Google.Protobuf.dll",
            "build/Accelerate.Build.props", "build/Accelerate.Build.targets", "build/accelerate.model.schema.json",
            "buildTransitive/Accelerate.Build.props", "buildTransitive/Accelerate.Build.targets",
            "docs/reference/diagnostics.md", "docs/reference/manifest.md", "docs/guides/testing.md", "README.md",
        });
        // MSBuild's own assemblies come from the MSBuild that loads the tasks, never from the package.
        Assert.DoesNotContain(entries, e => e.StartsWith("tasks/", StringComparison.Ordinal) && Path.GetFileName(e).StartsWith("Microsoft.Build", StringComparison.Ordinal));
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal));
        Assert.Equal(["Accelerate.Runtime"], Dependencies("Accelerate.Build"));
    }

    [Theory]
    [InlineData("Accelerate.Manifest", "netstandard2.0")]
    [InlineData("Accelerate.Runtime")]
    [InlineData("Accelerate.Imaging")]
    [InlineData("Accelerate.Audio")]
    [InlineData("Accelerate.Testing")]
    [InlineData("Accelerate.Benchmarks")]
    [InlineData("Accelerate.Results")]
    public void Each_library_package_ships_its_assembly_with_XML_documentation(string id, string framework = "net8.0")
    {
        var entries = Entries(id);

        Assert.Contains($"lib/{framework}/{id}.dll", entries);
        Assert.Contains($"lib/{framework}/{id}.xml", entries);
        using var zip = ZipFile.OpenRead(Nupkg(id));
        using var reader = new StreamReader(zip.GetEntry($"lib/{framework}/{id}.xml")!.Open());
        Assert.Contains("<member name=", reader.ReadToEnd());
    }

    [Fact]
    public void The_runtime_depends_on_the_managed_onnx_runtime_only()
    {
        var dependencies = Dependencies("Accelerate.Runtime");

        Assert.Contains("Microsoft.ML.OnnxRuntime.Managed", dependencies);
        Assert.Contains("Accelerate.Manifest", dependencies); // the runtime host reads manifests
        Assert.DoesNotContain("Microsoft.ML.OnnxRuntime", dependencies);
        Assert.DoesNotContain(dependencies, d => d.StartsWith("Microsoft.ML.OnnxRuntime.Gpu", StringComparison.Ordinal));
    }

    [Fact]
    public void An_app_that_gets_AccelerateBuild_only_through_a_library_runs_the_librarys_model()
    {
        using var workspace = package.NewWorkspace();
        var library = Path.Combine(workspace.Path, "Models");
        Directory.CreateDirectory(library);
        PackedPackageFixture.Check(Dotnet.Run(library, "new classlib -n Models -o . --no-restore"));
        PackedPackageFixture.Check(Dotnet.Run(library, $"add package Accelerate.Build --version {package.Version}"));
        workspace.Write("Models/ResNet18.model.json", """
            { "task": "tensor", "source": { "package": "Microsoft.ML.DnnImageFeaturizer.ResNet18", "version": "0.23.1", "file": "tools/DnnImageModels/ResNet18Onnx/ResNet18.onnx" } }
            """);
        var app = Path.Combine(workspace.Path, "App");
        Directory.CreateDirectory(app);
        PackedPackageFixture.Check(Dotnet.Run(app, "new console -n App -o . --no-restore"));
        PackedPackageFixture.Check(Dotnet.Run(app, "add reference ../Models/Models.csproj"));
        workspace.Write("App/Program.cs", """
            using var model = new Models.ResNet18();
            var outputs = model.Run(Models.ResNet18Inputs.Create());
            System.Console.WriteLine(model.Backend + " " + string.Join(",", outputs.Pooling395Output0.Shape));
            """);

        PackedPackageFixture.Check(Dotnet.Run(app, "build"));
        var run = PackedPackageFixture.Check(Dotnet.Run(app, "run --no-build"));

        Assert.Equal("cpu 1,512,1,1", run.StandardOutput.Trim());
        var output = Path.Combine(app, "bin", "Debug", "net10.0");
        Assert.True(File.Exists(Path.Combine(output, "models", "ResNet18", "model.onnx")), "the library's model is copied to the app");
        Assert.Single(Directory.GetFiles(output, "libonnxruntime.so", SearchOption.AllDirectories));
        // The class library itself holds no native ONNX Runtime (only apps and test projects get one).
        Assert.Empty(Directory.GetFiles(Path.Combine(library, "bin"), "libonnxruntime.so", SearchOption.AllDirectories));
    }
}
