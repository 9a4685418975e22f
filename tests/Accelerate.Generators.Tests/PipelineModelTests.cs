using System.Collections;
using System.Reflection;
using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Microsoft.CodeAnalysis;

namespace Accelerate.Generators.Tests;

/// <summary>
/// Every value the incremental pipeline caches must compare by value: records of primitives, strings, enums and
/// EquatableArray — never symbols, syntax, locations, compilations or reference-equality collections (arrays, List,
/// ImmutableArray), any of which would defeat caching or keep a compilation alive.
/// </summary>
public sealed class PipelineModelTests
{
    private static readonly Type[] PipelineTypes =
        [typeof(ModelSpec), typeof(ManifestFile), typeof(SignatureFile), typeof(ModelGenerationResult), typeof(DiagnosticInfo), typeof(GeneratorOptions)];

    public static TheoryData<string> Roots => new(PipelineTypes.Select(t => t.Name));

    [Theory]
    [MemberData(nameof(Roots))]
    public void Pipeline_model_holds_only_value_equatable_state(string root)
    {
        var problems = new List<string>();
        Walk(PipelineTypes.Single(t => t.Name == root), root, problems, []);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Walker_rejects_the_types_it_is_meant_to_catch()
    {
        foreach (var bad in new[] { typeof(Location), typeof(ISymbol), typeof(SyntaxNode), typeof(Compilation), typeof(int[]), typeof(List<string>), typeof(System.Collections.Immutable.ImmutableArray<string>), typeof(Dictionary<string, int>), typeof(object) })
        {
            var problems = new List<string>();
            Walk(bad, bad.Name, problems, []);
            Assert.True(problems.Count > 0, $"{bad} should be rejected");
        }
    }

    [Fact]
    public void Equal_inputs_give_equal_results()
    {
        var file = new ManifestFile("/m/a.model.json", Support.TestModels.ResNet18Manifest);
        var signatures = new EquatableArray<SignatureFile>([new SignatureFile("/s/a.signature.json", "/m/a.model.json", Support.TestModels.ResNet18("/m/a.model.json"), null)]);
        var options = new GeneratorOptions("Search");

        var first = ModelGenerator.Parser.Parse(file, signatures, options);
        var second = ModelGenerator.Parser.Parse(file with { }, new EquatableArray<SignatureFile>(signatures.ToArray()), options with { });

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
        Assert.NotNull(first.Spec);
    }

    private static void Walk(Type type, string path, List<string> problems, HashSet<Type> seen)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            Walk(underlying, path, problems, seen);
            return;
        }
        if (type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal)) return;
        if (typeof(ISymbol).IsAssignableFrom(type) || typeof(SyntaxNode).IsAssignableFrom(type) || typeof(Location).IsAssignableFrom(type)
            || typeof(Compilation).IsAssignableFrom(type) || typeof(SemanticModel).IsAssignableFrom(type) || typeof(SyntaxTree).IsAssignableFrom(type))
        {
            problems.Add($"{path}: {type.Name} is Roslyn state and must not be cached");
            return;
        }
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(EquatableArray<>))
        {
            Walk(type.GetGenericArguments()[0], path + "[]", problems, seen);
            return;
        }
        if (type.IsArray || typeof(IEnumerable).IsAssignableFrom(type))
        {
            problems.Add($"{path}: {type.Name} compares by reference; use EquatableArray<T>");
            return;
        }
        if (!IsRecord(type))
        {
            problems.Add($"{path}: {type.Name} is not a record, so it may not compare by value");
            return;
        }
        if (!seen.Add(type)) return;
        foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
        {
            Walk(field.FieldType, path + "." + MemberName(field), problems, seen);
        }
    }

    /// <summary>Records (class or struct) have a compiler-generated <c>PrintMembers</c>.</summary>
    private static bool IsRecord(Type type) =>
        type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public, [typeof(System.Text.StringBuilder)]) is not null;

    private static string MemberName(FieldInfo field) =>
        field.Name.StartsWith('<') ? field.Name.Substring(1, field.Name.IndexOf('>', StringComparison.Ordinal) - 1) : field.Name;
}
