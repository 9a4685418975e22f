using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Accelerate.Generators.Tests.Support;

/// <summary>An AdditionalFile held in memory; a null text stands for a file the compiler could not read.</summary>
internal sealed class InMemoryAdditionalText(string path, string? text) : AdditionalText
{
    public override string Path { get; } = path;

    public override SourceText? GetText(CancellationToken cancellationToken = default) =>
        text is null ? null : SourceText.From(text, Encoding.UTF8);
}

/// <summary>
/// build_property.* values as MSBuild passes them to generators, and per-AdditionalFile
/// build_metadata.AdditionalFiles.* values (item metadata listed as CompilerVisibleItemMetadata), keyed by file path.
/// </summary>
internal sealed class BuildPropertiesProvider(
    IReadOnlyDictionary<string, string> properties,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? fileMetadata = null) : AnalyzerConfigOptionsProvider
{
    private readonly Dictionary<string, Options> _files = (fileMetadata ?? new Dictionary<string, IReadOnlyDictionary<string, string>>())
        .ToDictionary(f => f.Key, f => new Options(f.Value.ToImmutableDictionary(m => "build_metadata.AdditionalFiles." + m.Key, m => m.Value)), StringComparer.Ordinal);

    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(properties.ToImmutableDictionary(
        p => "build_property." + p.Key, p => p.Value));

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) =>
        _files.TryGetValue(textFile.Path, out var options) ? options : Options.Empty;

    private sealed class Options(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static Options Empty { get; } = new(ImmutableDictionary<string, string>.Empty);

        public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
    }
}
