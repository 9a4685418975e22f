using Accelerate.Build.Tasks.OnnxRuntime;
using Accelerate.ModelFiles.Inspection;
using Accelerate.Build.Tasks.Tasks;
using Accelerate.ModelFiles.Tests.Inspection;
using Accelerate.Build.Tasks.Tests.Tasks;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

namespace Accelerate.Build.Tasks.Tests.OnnxRuntime;

/// <summary>Choosing the native ONNX Runtime package (AccelerateOnnxRuntime) and listing its files for the platform built.</summary>
public sealed class OnnxRuntimeTaskTests : IDisposable
{
    private const string Project = "/src/App/App.csproj";
    private readonly TempFolder _root = new();
    private readonly RecordingBuildEngine _engine = new();

    public void Dispose() => _root.Dispose();

    private AccelerateSelectOnnxRuntime Select(string build, string rid = "linux-x64", string package = "", string version = "", string sdkRid = "linux-x64") => new()
    {
        BuildEngine = _engine, Build = build, RuntimeIdentifier = rid, SdkRuntimeIdentifier = sdkRid, Package = package, Version = version, ProjectFile = Project,
    };

    /// <summary>Lays out a restored package in the fake global packages folder.</summary>
    private void Restore(string id, string version, params string[] files)
    {
        var folder = Path.Combine(_root.Path, id.ToLowerInvariant(), version);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ".nupkg.metadata"), "{}");
        foreach (var file in files)
        {
            var path = Path.Combine(folder, file);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, "native");
        }
    }

    private AccelerateCollectOnnxRuntime Collect(string id, string version, string folder, params ITaskItem[] copyLocal) => new()
    {
        BuildEngine = _engine, PackageRoot = _root.Path, PackageId = id, PackageVersion = version, NativeFolder = folder, Build = "cuda",
        CopyLocalFiles = copyLocal, ProjectFile = Project,
    };

    private static ITaskItem PackageFile(string path, string id, string version)
    {
        var item = new TaskItem(path);
        item.SetMetadata("NuGetPackageId", id);
        item.SetMetadata("NuGetPackageVersion", version);
        return item;
    }

    [Theory]
    [InlineData("", "linux-x64", "Microsoft.ML.OnnxRuntime", "1.31.1", "linux-x64")]
    [InlineData("cpu", "win-x64", "Microsoft.ML.OnnxRuntime", "1.31.1", "win-x64")]
    [InlineData("CPU", "osx-arm64", "Microsoft.ML.OnnxRuntime", "1.31.1", "osx-arm64")]
    [InlineData("cuda", "linux-x64", "Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0", "linux-x64")]
    [InlineData("cuda", "ubuntu.22.04-x64", "Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0", "linux-x64")]
    [InlineData("cuda", "win10-x64", "Microsoft.ML.OnnxRuntime.Gpu.Windows", "1.31.0", "win-x64")]
    public void Each_build_and_platform_gets_its_package_and_native_folder(string build, string rid, string id, string version, string folder)
    {
        var task = Select(build, rid);

        Assert.True(task.Execute());

        Assert.Empty(_engine.Errors);
        Assert.Equal(id, task.PackageId);
        Assert.Equal(version, task.PackageVersion);
        Assert.Equal(folder, task.NativeFolder);
    }

    [Fact]
    public void A_portable_build_takes_the_natives_of_the_machine_that_builds()
    {
        var task = Select("cpu", rid: "", sdkRid: "linux-arm64");

        Assert.True(task.Execute());

        Assert.Equal("linux-arm64", task.NativeFolder);
    }

    [Fact]
    public void None_copies_nothing()
    {
        var task = Select("none");

        Assert.True(task.Execute());

        Assert.Empty(_engine.Errors);
        Assert.Equal("", task.PackageId);
    }

    [Fact]
    public void A_version_replaces_the_default_and_a_package_replaces_the_build()
    {
        var versioned = Select("cuda", version: "1.30.0");
        Assert.True(versioned.Execute());
        Assert.Equal(("Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.30.0"), (versioned.PackageId, versioned.PackageVersion));

        var custom = Select("none", rid: "win-x64", package: "Microsoft.ML.OnnxRuntime.DirectML", version: "1.23.0");
        Assert.True(custom.Execute());
        Assert.Equal(("Microsoft.ML.OnnxRuntime.DirectML", "1.23.0", "win-x64"), (custom.PackageId, custom.PackageVersion, custom.NativeFolder));
    }

    [Theory]
    [InlineData("gpu", "AccelerateOnnxRuntime='gpu' is not an ONNX Runtime build Accelerate.Build can bring (did you mean 'cuda' (the NVIDIA build; it holds the CUDA and TensorRT providers)?). Use one of: cpu, cuda, none")]
    [InlineData("cdua", "AccelerateOnnxRuntime='cdua' is not an ONNX Runtime build Accelerate.Build can bring (did you mean 'cuda'?). Use one of: cpu, cuda, none")]
    [InlineData("rocm", "AccelerateOnnxRuntime='rocm' is not an ONNX Runtime build Accelerate.Build can bring. Use one of: cpu, cuda, none")]
    public void An_unknown_build_is_ACC2008_on_the_project_with_a_suggestion(string build, string message)
    {
        Assert.False(Select(build).Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC2008", error.Code);
        Assert.Equal(Project, error.File);
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Cuda_for_macOS_is_ACC2010()
    {
        Assert.False(Select("cuda", rid: "osx-arm64").Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC2010", error.Code);
        Assert.Equal("No native ONNX Runtime for osx-arm64: the 'cuda' build of ONNX Runtime has no package for osx (it exists for Linux and Windows); use AccelerateOnnxRuntime=cpu on this platform", error.Message);
    }

    [Fact]
    public void A_package_without_a_version_is_ACC2010()
    {
        Assert.False(Select("none", package: "Microsoft.ML.OnnxRuntime.QNN").Execute());

        Assert.Equal("ACC2010", Assert.Single(_engine.Errors).Code);
        Assert.Contains("needs AccelerateOnnxRuntimeVersion", _engine.Errors[0].Message);
    }

    [Fact]
    public void Collect_lists_the_loadable_libraries_of_the_platform_only()
    {
        Restore("Microsoft.ML.OnnxRuntime", "1.31.1",
            "runtimes/linux-x64/native/libonnxruntime.so", "runtimes/linux-x64/native/libonnxruntime_providers_shared.so",
            "runtimes/win-x64/native/onnxruntime.dll", "runtimes/win-x64/native/onnxruntime.lib");

        var linux = Collect("Microsoft.ML.OnnxRuntime", "1.31.1", "linux-x64");
        Assert.True(linux.Execute());
        Assert.Equal(["libonnxruntime.so", "libonnxruntime_providers_shared.so"], linux.NativeFiles.Select(f => Path.GetFileName(f.ItemSpec)));
        Assert.All(linux.NativeFiles, f => Assert.Equal("", f.GetMetadata("DestinationSubDirectory")));

        var windows = Collect("Microsoft.ML.OnnxRuntime", "1.31.1", "win-x64");
        Assert.True(windows.Execute());
        Assert.Equal(["onnxruntime.dll"], windows.NativeFiles.Select(f => Path.GetFileName(f.ItemSpec)));
        Assert.Empty(_engine.Errors);
    }

    [Fact]
    public void A_platform_the_package_lacks_is_ACC2010_naming_those_it_has()
    {
        Restore("Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0", "runtimes/linux-x64/native/libonnxruntime.so");

        Assert.False(Collect("Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0", "linux-arm64").Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC2010", error.Code);
        Assert.Equal("No native ONNX Runtime for linux-arm64: Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0 has no native libraries for linux-arm64 (it has: linux-x64); build for one of those with -r, or choose another AccelerateOnnxRuntime", error.Message);
    }

    [Fact]
    public void A_package_that_was_not_restored_is_ACC2010()
    {
        Assert.False(Collect("Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0", "linux-x64").Execute());

        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC2010", error.Code);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0 is not in the global packages folder", error.Message);
    }

    [Fact]
    public void A_native_ONNX_Runtime_from_a_package_reference_is_ACC2009_not_an_overwrite()
    {
        Restore("Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0", "runtimes/linux-x64/native/libonnxruntime.so");
        var referenced = PackageFile("/nuget/microsoft.ml.onnxruntime/1.31.1/runtimes/linux-x64/native/libonnxruntime.so", "Microsoft.ML.OnnxRuntime", "1.31.1");
        var unrelated = PackageFile("/nuget/skiasharp/3.119.0/runtimes/linux-x64/native/libSkiaSharp.so", "SkiaSharp.NativeAssets.Linux", "3.119.0");

        var task = Collect("Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0", "linux-x64", referenced, unrelated, referenced);

        Assert.False(task.Execute());
        Assert.Empty(task.NativeFiles);
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC2009", error.Code);
        Assert.Equal(Project, error.File);
        Assert.Equal("Two native ONNX Runtime builds would be copied to the output, one overwriting the other's libonnxruntime.so: "
            + "Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0 (AccelerateOnnxRuntime=cuda) and Microsoft.ML.OnnxRuntime 1.31.1 (a package reference). "
            + "Remove the package reference and choose the build with <AccelerateOnnxRuntime> (cpu, cuda), or set <AccelerateOnnxRuntime>none</AccelerateOnnxRuntime> to keep your own.", error.Message);
    }

    [Fact]
    public void With_none_one_own_package_is_fine_and_two_are_ACC2009()
    {
        var cpu = PackageFile("/nuget/a/libonnxruntime.so", "Microsoft.ML.OnnxRuntime", "1.31.1");
        var gpu = PackageFile("/nuget/b/libonnxruntime.so", "Microsoft.ML.OnnxRuntime.Gpu.Linux", "1.31.0");

        Assert.True(Collect("", "", "", cpu).Execute());
        Assert.Empty(_engine.Errors);

        Assert.False(Collect("", "", "", cpu, gpu).Execute());
        Assert.Equal("ACC2009", Assert.Single(_engine.Errors).Code);
    }

    [Theory]
    [InlineData("linux-musl-x64", "linux-musl-x64")]
    [InlineData("osx.14-arm64", "osx-arm64")]
    [InlineData("win-arm64", "win-arm64")]
    [InlineData("debian.12-x64", "linux-x64")]
    public void Runtime_identifiers_map_to_package_folders(string rid, string folder) =>
        Assert.Equal(folder, OnnxRuntimeBuilds.NativeFolder(rid));
}
