using Accelerate.Manifest.Model;

namespace Accelerate.Manifest.Tests;

/// <summary>C# name rules and "did you mean" suggestions used by manifest validation and code generation.</summary>
public sealed class NamesAndSuggestionsTests
{
    [Theory]
    [InlineData("input_ids", "InputIds")]
    [InlineData("last_hidden_state", "LastHiddenState")]
    [InlineData("input.1", "Input1")]
    [InlineData("input:1", "Input1")]
    [InlineData("924", "_924")]
    [InlineData("3d:0", "_3d0")]
    [InlineData("", "_")]
    [InlineData("...", "_")]
    [InlineData("class", "Class")]
    [InlineData("Pooling395_Output_0", "Pooling395Output0")]
    [InlineData("模型", "模型")]
    public void Pascal_case_makes_identifiers(string text, string expected)
    {
        Assert.Equal(expected, CSharpNames.ToPascalCase(text));
        Assert.True(CSharpNames.IsValidIdentifier(expected.TrimStart('@')) || expected.StartsWith('@'));
    }

    [Theory]
    [InlineData("MiniLm", true)]
    [InlineData("_924", true)]
    [InlineData("模型", true)]
    [InlineData("class", false)]
    [InlineData("3d", false)]
    [InlineData("mini-lm", false)]
    [InlineData("", false)]
    [InlineData("a b", false)]
    public void Identifier_rules(string name, bool valid)
    {
        Assert.Equal(valid, CSharpNames.IsValidIdentifier(name));
    }

    [Theory]
    [InlineData("Contoso.Models", true)]
    [InlineData("Models", true)]
    [InlineData("Contoso..Models", false)]
    [InlineData("Contoso.class", false)]
    [InlineData(".Models", false)]
    [InlineData("", false)]
    public void Namespace_rules(string name, bool valid)
    {
        Assert.Equal(valid, CSharpNames.IsValidNamespace(name));
    }

    [Fact]
    public void Deduplicate_numbers_repeats_and_avoids_reserved_names()
    {
        Assert.Equal(["Input", "Input2", "Input3", "Create2"], CSharpNames.Deduplicate(["Input", "Input", "Input", "Create"], ["Create"]));
    }

    [Theory]
    [InlineData("feature-extration", "feature-extraction")]
    [InlineData("cdua", "cuda")]
    [InlineData("CUDA", "cuda")]
    [InlineData("tensorrtt", "tensorrt")]
    [InlineData("graphOptimisation", null)]
    [InlineData("completely-different", null)]
    public void Closest_suggests_only_near_misses(string input, string? expected)
    {
        var candidates = Accelerate.Manifest.Tasks.TaskCatalog.Names.Concat(BackendNames.All);

        Assert.Equal(expected, Suggestions.Closest(input, candidates));
    }

    [Fact]
    public void Did_you_mean_is_empty_without_a_match()
    {
        Assert.Equal(" (did you mean 'mean'?)", Suggestions.DidYouMean("maen", PoolingModes.All));
        Assert.Equal("", Suggestions.DidYouMean("attention", PoolingModes.All));
    }
}
