using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Tests.Cases;
using Accelerate.Manifest.Tests.Support;

namespace Accelerate.Manifest.Tests;

/// <summary>Every case of <see cref="MalformedManifests"/>: the right code, on the right line and column, never an exception.</summary>
public sealed class MalformedManifestTests
{
    public static TheoryData<string> Cases => MalformedManifests.Names;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Reports_the_expected_diagnostic_at_its_line_and_column(string name)
    {
        var @case = MalformedManifests.Get(name);

        var result = ManifestParser.Parse(@case.Text, Manifests.Folder + MalformedManifests.FileName);

        var diagnostic = Parsing.Single(result, @case.Id);
        Assert.True((@case.Line, @case.Column) == diagnostic.Position(),
            $"{@case.Id} expected at ({@case.Line},{@case.Column}), reported at {diagnostic.Position()}: {diagnostic.Message}");
        if (@case.MessageContains is { } fragment)
        {
            Assert.Contains(fragment, diagnostic.Message, StringComparison.Ordinal);
        }
        Assert.Equal(DiagnosticCatalog.All.Single(d => d.Id == @case.Id).Severity, diagnostic.Severity);
        Assert.DoesNotContain('\n', diagnostic.Message);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Locations_lie_in_the_text_and_a_manifest_exists_only_without_errors(string name)
    {
        var @case = MalformedManifests.Get(name);

        var result = ManifestParser.Parse(@case.Text, Manifests.Folder + MalformedManifests.FileName);

        Assert.NotEmpty(result.Diagnostics);
        foreach (var diagnostic in result.Diagnostics)
        {
            Parsing.AssertConsistent(diagnostic.Location, @case.Text);
        }
        Assert.Equal(result.HasErrors, result.Manifest is null);
    }

    [Fact]
    public void Case_list_is_large_and_names_are_unique()
    {
        Assert.True(MalformedManifests.All.Count >= 30, $"only {MalformedManifests.All.Count} cases");
        Assert.Equal(MalformedManifests.All.Count, MalformedManifests.All.Select(c => c.Name).Distinct().Count());
    }

    [Fact]
    public void Every_single_manifest_code_has_a_case()
    {
        // ACC1022 (two manifests with one name) needs a whole project: the generator tests cover it.
        var manifestCodes = DiagnosticCatalog.All.Select(d => d.Id).Where(id => id.StartsWith("ACC1", StringComparison.Ordinal) && id != "ACC1022");

        var covered = MalformedManifests.All.Select(c => c.Id).ToHashSet();

        var missing = manifestCodes.Where(id => !covered.Contains(id)).ToList();
        Assert.True(missing.Count == 0, "No malformed-manifest case for: " + string.Join(", ", missing));
    }
}
