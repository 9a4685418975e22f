using System.Collections.Immutable;
using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Signatures;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Accelerate.Generators;

/// <summary>
/// Generates a typed model class per <c>*.model.json</c> AdditionalFile, from the manifest and the
/// signature the build's inspection task wrote (<c>*.signature.json</c> AdditionalFile).
/// A pure function of AdditionalFiles and build properties; never throws on bad input.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed partial class ModelGenerator : IIncrementalGenerator
{
    /// <summary>Tracking names of the pipeline steps (tests assert they are cached).</summary>
    public static class Steps
    {
        /// <summary>Manifest files read from AdditionalFiles.</summary>
        public const string Manifests = nameof(Manifests);
        /// <summary>Signature files read and parsed.</summary>
        public const string Signatures = nameof(Signatures);
        /// <summary>Per-manifest generation results.</summary>
        public const string Models = nameof(Models);
    }

    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var options = context.AnalyzerConfigOptionsProvider.Select((provider, _) =>
        {
            provider.GlobalOptions.TryGetValue("build_property.RootNamespace", out var rootNamespace);
            provider.GlobalOptions.TryGetValue("build_property.AccelerateDiagnosticsDocs", out var docs);
            provider.GlobalOptions.TryGetValue("build_property.AccelerateModelsInspected", out var inspected);
            return new GeneratorOptions(NamespaceFrom(rootNamespace), string.IsNullOrWhiteSpace(docs) ? null : docs!.Trim(),
                string.Equals(inspected?.Trim(), "true", StringComparison.OrdinalIgnoreCase));
        });

        // Manifests of referenced projects arrive with build metadata naming that project's root namespace:
        // their classes live there, and only tests are generated here.
        var manifests = context.AdditionalTextsProvider
            .Where(static t => t.Path.EndsWith(ManifestParser.FileSuffix, StringComparison.OrdinalIgnoreCase))
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (input, ct) =>
            {
                var (text, provider) = input;
                provider.GetOptions(text).TryGetValue("build_metadata.AdditionalFiles.AccelerateReferencedNamespace", out var referenced);
                return new ManifestFile(NormalizePath(text.Path), text.GetText(ct)?.ToString() ?? "",
                    string.IsNullOrWhiteSpace(referenced) ? null : NamespaceFrom(referenced));
            })
            .WithTrackingName(Steps.Manifests);

        var testing = context.CompilationProvider.Select(static (compilation, _) => new TestingSupport(
            compilation.GetTypeByMetadataName("Accelerate.Testing.ModelMatrixTests") is not null && compilation.GetTypeByMetadataName("Xunit.FactAttribute") is not null,
            compilation.GetTypeByMetadataName("Accelerate.Imaging.ImageTensor") is not null,
            compilation.GetTypeByMetadataName("Accelerate.Benchmarks.ModelBenchmark") is not null && compilation.GetTypeByMetadataName("BenchmarkDotNet.Attributes.BenchmarkAttribute") is not null,
            compilation.GetTypeByMetadataName("Accelerate.Audio.WavAudio") is not null));

        var signatures = context.AdditionalTextsProvider
            .Where(static t => t.Path.EndsWith(SignatureSuffix, StringComparison.OrdinalIgnoreCase))
            .Select(static (t, ct) => ReadSignature(NormalizePath(t.Path), t.GetText(ct)?.ToString() ?? ""))
            .WithTrackingName(Steps.Signatures)
            .Collect()
            .Select(static (all, _) => all.ToEquatableArray());

        // Which manifest owns each model name: the first by path keeps it, later ones get ACC1022 and no class
        // (a second class would only add CS0101 errors, and both would share the output folder models/<Name>/).
        var claims = manifests
            .Select(static (file, _) => ManifestParser.Parse(file.Text, file.Path).Manifest is { } m ? new NameClaim(m.Name, file.Path, file.ReferencedNamespace is not null) : null)
            .Collect()
            .Select(static (all, _) => all.Where(c => c is not null).Select(c => c!)
                .OrderBy(c => c.Referenced).ThenBy(c => c.ManifestPath, StringComparer.Ordinal).ToEquatableArray());

        var models = manifests
            .Combine(signatures)
            .Combine(options)
            .Combine(claims)
            .Combine(testing)
            .Select(static (input, _) => Parser.Parse(input.Left.Left.Left.Left, input.Left.Left.Left.Right, input.Left.Left.Right, input.Left.Right, input.Right))
            .WithTrackingName(Steps.Models);

        // Help links point into the diagnostics reference the build names (the copy in the package, by default).
        var docs = options.Select(static (o, _) => o.DiagnosticsDocs);

        context.RegisterSourceOutput(models.Combine(docs), static (spc, input) =>
        {
            var (result, docs) = input;
            foreach (var diagnostic in result.Diagnostics) spc.ReportDiagnostic(ToDiagnostic(diagnostic, docs));
            if (result.EmitModel && result.Spec is { } spec)
            {
                AddSource(spc, result.HintName, spec.ManifestPath, docs, () => Emitter.EmitModel(spec));
            }
            if (result.EmitModel && result.Placeholder is { } placeholder)
            {
                AddSource(spc, result.HintName, placeholder.ManifestPath, docs, () => Emitter.EmitPlaceholder(placeholder));
            }
            if (result.Tests is { } tests)
            {
                AddSource(spc, result.HintName.Replace(".g.cs", ".Tests.g.cs"), tests.ManifestPath, docs, () => Emitter.EmitTests(tests));
            }
            if (result.Benchmarks is { } benchmarks)
            {
                AddSource(spc, result.HintName.Replace(".g.cs", ".Benchmarks.g.cs"), benchmarks.ManifestPath, docs, () => Emitter.EmitBenchmarks(benchmarks));
            }
            foreach (var variant in result.VariantTests)
            {
                AddSource(spc, result.HintName.Replace(".g.cs", $".Tests.{variant.Precision}.g.cs"), variant.ManifestPath, docs, () => Emitter.EmitTests(variant));
            }
        });

        // The matrix report is written once per test assembly, by an xunit assembly fixture.
        context.RegisterSourceOutput(models.Select(static (r, _) => r.Tests is not null).Collect(), static (spc, hasTests) =>
        {
            if (hasTests.Any(t => t))
            {
                spc.AddSource("AccelerateMatrixReport.g.cs", SourceText.From(Emitter.MatrixReportFixture, System.Text.Encoding.UTF8));
            }
        });

        // Unreadable signature files cannot be tied to a manifest; report them on their own.
        context.RegisterSourceOutput(signatures.Combine(docs), static (spc, input) =>
        {
            var (all, docs) = input;
            foreach (var file in all.Where(s => s.Error is not null && s.ManifestPath.Length == 0))
            {
                spc.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.Get("ACC3002", docs), Location.None,
                    Accelerate.Manifest.Diagnostics.DiagnosticCatalog.InvalidSignature.Format(file.Path, file.Error)));
            }
        });
    }

    /// <summary>File-name suffix of the signature files the build writes.</summary>
    public const string SignatureSuffix = ".signature.json";

    private static void AddSource(SourceProductionContext context, string hintName, string manifestPath, string? docs, Func<string> render)
    {
        string source;
        try
        {
            source = render();
        }
        catch (Exception e)
        {
            // A template bug must surface as our coded error, never as the compiler's CS8785.
            context.ReportDiagnostic(ToDiagnostic(Parser.InternalError(manifestPath, e), docs));
            return;
        }
        context.AddSource(hintName, SourceText.From(source, System.Text.Encoding.UTF8));
    }

    private static SignatureFile ReadSignature(string path, string text)
    {
        try
        {
            var signature = ModelSignatureJson.Read(text);
            return new SignatureFile(path, NormalizePath(signature.ManifestPath), signature, null);
        }
        catch (FormatException e)
        {
            return new SignatureFile(path, "", null, e.Message);
        }
    }

    internal static string NormalizePath(string path) => path.Replace('\\', '/');

    /// <summary>
    /// The namespace for models without one: the project's RootNamespace made a valid C# namespace the way Visual Studio
    /// does ("My-App" → "My_App", "3D.Tools" → "_3D.Tools"), or "AccelerateModels" when it is empty.
    /// </summary>
    internal static string NamespaceFrom(string? rootNamespace)
    {
        var segments = (rootNamespace ?? "").Split('.')
            .Select(s => s.Trim())
            .Where(s => s.Length > 0)
            .Select(s =>
            {
                var chars = s.Select(c => char.IsLetterOrDigit(c) || c == '_' ? c : '_').ToArray();
                var segment = char.IsDigit(chars[0]) ? "_" + new string(chars) : new string(chars);
                return Accelerate.Manifest.Model.CSharpNames.IsKeyword(segment) ? "@" + segment : segment;
            })
            .ToList();
        return segments.Count == 0 ? "AccelerateModels" : string.Join(".", segments);
    }

    private static Diagnostic ToDiagnostic(DiagnosticInfo info, string? docs)
    {
        var l = info.Location;
        var location = info.FilePath.Length == 0
            ? Location.None
            : Location.Create(info.FilePath, new TextSpan(l.Start, l.Length),
                new LinePositionSpan(new LinePosition(l.StartLine, l.StartColumn), new LinePosition(l.EndLine, l.EndColumn)));
        return Diagnostic.Create(DiagnosticDescriptors.Get(info.Id, docs), location, info.Message);
    }
}
