using Accelerate.Build.Tasks.Tasks;
using Accelerate.ModelFiles.Tests.Inspection;

namespace Accelerate.Build.Tasks.Tests.Tasks;

/// <summary>ACC4004: dotnet test in VSTest mode on an xunit.v3 project names the global.json to write or change.</summary>
public sealed class AccelerateExplainTestRunnerTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly RecordingBuildEngine _engine = new();

    public void Dispose() => _folder.Dispose();

    private string Explain(string projectDirectory, string solutionDirectory = "")
    {
        Directory.CreateDirectory(projectDirectory);
        var task = new AccelerateExplainTestRunner
        {
            BuildEngine = _engine, ProjectDirectory = projectDirectory, SolutionDirectory = solutionDirectory, ProjectFile = Path.Combine(projectDirectory, "T.csproj"),
        };
        Assert.False(task.Execute());
        var error = Assert.Single(_engine.Errors);
        Assert.Equal("ACC4004", error.Code);
        Assert.Equal(Path.Combine(projectDirectory, "T.csproj"), error.File);
        Assert.StartsWith("This test project runs on Microsoft.Testing.Platform (xunit.v3), but dotnet test started it in VSTest mode, which the .NET 10 SDK no longer supports for it. ", error.Message);
        return error.Message!;
    }

    [Fact]
    public void Without_any_global_json_it_names_the_file_to_add_beside_the_solution()
    {
        var project = Path.Combine(_folder.Path, "src", "T");
        Assert.EndsWith($"Add {Path.Combine(_folder.Path, "global.json")} containing {{ \"test\": {{ \"runner\": \"Microsoft.Testing.Platform\" }} }} and run dotnet test again.",
            Explain(project, _folder.Path + Path.DirectorySeparatorChar));
    }

    [Fact]
    public void Without_a_solution_it_names_the_file_beside_the_project()
    {
        var project = Path.Combine(_folder.Path, "T");
        Assert.Contains($"Add {Path.Combine(project, "global.json")} containing", Explain(project, "*Undefined*"));
    }

    [Fact]
    public void An_existing_global_json_gets_the_test_entry_added()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "global.json"), """{ "sdk": { "version": "10.0.401" } }""");
        Assert.EndsWith($"Add \"test\": {{ \"runner\": \"Microsoft.Testing.Platform\" }} to {Path.Combine(_folder.Path, "global.json")} (beside \"sdk\", if it has one) and run dotnet test again.",
            Explain(Path.Combine(_folder.Path, "T")));
    }

    [Fact]
    public void A_global_json_that_names_another_runner_is_told_to_change_it()
    {
        File.WriteAllText(Path.Combine(_folder.Path, "global.json"), """{ "test": { "runner": "VSTest" }, }""");
        Assert.EndsWith($"{Path.Combine(_folder.Path, "global.json")} sets \"test\": {{ \"runner\": \"VSTest\" }}; make it \"Microsoft.Testing.Platform\" and run dotnet test again.",
            Explain(Path.Combine(_folder.Path, "T")));
    }
}
