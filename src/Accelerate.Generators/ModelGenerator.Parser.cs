using System.Collections.Immutable;
using System.Globalization;
using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;
using Accelerate.Generators.Tasks;
using Accelerate.Manifest.Tasks;
using Accelerate.Manifest.Tasks.FeatureExtraction;
using Accelerate.Manifest.Tasks.Tensor;

namespace Accelerate.Generators;

public sealed partial class ModelGenerator
{
    /// <summary>Manifest + signature → <see cref="ModelSpec"/> and diagnostics. Pure and total: never throws.</summary>
    internal static class Parser
    {
        private static readonly Dictionary<string, string> ClrTypes = new(StringComparer.Ordinal)
        {
            ["float"] = "float", ["double"] = "double", ["int8"] = "sbyte", ["uint8"] = "byte",
            ["int16"] = "short", ["uint16"] = "ushort", ["int32"] = "int", ["uint32"] = "uint",
            ["int64"] = "long", ["uint64"] = "ulong", ["bool"] = "bool", ["string"] = "string",
            ["float16"] = "global::Microsoft.ML.OnnxRuntime.Float16", ["bfloat16"] = "global::Microsoft.ML.OnnxRuntime.BFloat16",
        };

        // Names the generated model class already uses for its own members.
        private static readonly string[] ReservedMemberNames = ["Inputs", "Outputs", "Create"];

        public static ModelGenerationResult Parse(ManifestFile file, EquatableArray<SignatureFile> signatures, GeneratorOptions options, EquatableArray<NameClaim> claims = default, TestingSupport? testing = null)
        {
            var hintName = HintName(file.Path);
            try
            {
                var result = ParseCore(file, signatures, options, claims, testing ?? new TestingSupport(false, false), hintName);
                // A referenced project's manifest was already checked (and reported) by that project's build.
                return file.ReferencedNamespace is null ? result : result with { Diagnostics = EquatableArray<DiagnosticInfo>.Empty, EmitModel = false };
            }
            catch (Exception e)
            {
                // A generator must never crash the compiler (CS8785); surface the bug with our own code instead.
                return new ModelGenerationResult(hintName, null, new([InternalError(file.Path, e)]));
            }
        }

        /// <summary>ACC3999 on the manifest for an exception that is a bug in the generator.</summary>
        public static DiagnosticInfo InternalError(string manifestPath, Exception e) =>
            new(DiagnosticCatalog.InternalError.Id, DiagnosticCatalog.InternalError.Format(manifestPath, e.GetType().Name + ": " + e.Message),
                manifestPath, ManifestLocation.FileStart);

        private static ModelGenerationResult ParseCore(ManifestFile file, EquatableArray<SignatureFile> signatures, GeneratorOptions options, EquatableArray<NameClaim> claims, TestingSupport testing, string hintName)
        {
            var parsed = ManifestParser.Parse(file.Text, file.Path);
            var diagnostics = parsed.Diagnostics.Select(d => new DiagnosticInfo(d.Id, d.Message, file.Path, d.Location)).ToList();
            if (parsed.Manifest is not { } manifest)
            {
                return new ModelGenerationResult(hintName, null, diagnostics.ToEquatableArray());
            }

            var signatureFile = signatures.FirstOrDefault(s => string.Equals(s.ManifestPath, file.Path, StringComparison.OrdinalIgnoreCase));
            void Report(DiagnosticDefinition definition, string path, params object?[] args) =>
                diagnostics.Add(new DiagnosticInfo(definition.Id, definition.Format(args), file.Path, manifest.LocationOf(path)));

            if (file.ReferencedNamespace is null && claims.FirstOrDefault(c => c.Name == manifest.Name && !c.Referenced) is { } owner && owner.ManifestPath != file.Path)
            {
                Report(DiagnosticCatalog.DuplicateModelName, "/name", manifest.Name, owner.ManifestPath);
                return new ModelGenerationResult(hintName, null, diagnostics.ToEquatableArray());
            }

            // Unreadable signature files carry no manifest path; they are reported on their own (see ModelGenerator).
            if (signatureFile?.Signature is not { } signature)
            {
                // After a real build's inspection the task already reported why (ACC2xxx): a second warning adds nothing.
                // Without one (design-time build, first open in an IDE) ACC3001 says the model was not inspected yet.
                if (!options.ModelsInspected)
                {
                    Report(DiagnosticCatalog.NotInspected, "/source", manifest.Name);
                }
                // A class of the same name keeps code that uses it compiling (no CS0246 cascade); it throws when constructed.
                var placeholder = new PlaceholderSpec(manifest.Namespace ?? file.ReferencedNamespace ?? options.RootNamespace, manifest.Name,
                    System.IO.Path.GetFileName(file.Path), file.Path, options.ModelsInspected);
                return new ModelGenerationResult(hintName, null, diagnostics.ToEquatableArray(), Placeholder: placeholder);
            }

            var overrides = manifest.Names.ToDictionary(n => n.OnnxName, n => n.CSharpName, StringComparer.Ordinal);
            foreach (var unused in manifest.Names.Where(n => !signature.Inputs.Any(i => i.Name == n.OnnxName) && !signature.Outputs.Any(o => o.Name == n.OnnxName)))
            {
                Report(DiagnosticCatalog.UnknownTensorName, "/names/" + unused.OnnxName, manifest.Name, "input or output", unused.OnnxName,
                    Suggestions.DidYouMean(unused.OnnxName, signature.Inputs.Concat(signature.Outputs).Select(t => t.Name)), TensorList(signature.Inputs.Concat(signature.Outputs)));
            }

            var parameters = new List<DimensionParameter>();
            var inputs = Tensors(signature.Inputs, overrides, parameters, withParameters: true, enclosingType: manifest.Name + "Inputs");
            var inputParameters = Describe(parameters, inputs, forOutputs: false, manifest.Name + "Inputs");
            // Outputs reuse the inputs' parameters for the symbols they share and add their own for the rest.
            var outputs = Tensors(signature.Outputs, overrides, parameters, withParameters: false, enclosingType: manifest.Name + "Outputs");
            var outputParameters = Describe(parameters, outputs.Where(t => t.IsSupported).ToList(), forOutputs: true, manifest.Name + "Inputs");
            foreach (var tensor in inputs.Concat(outputs).Where(t => !t.IsSupported))
            {
                Report(DiagnosticCatalog.UnsupportedTensorType, "", manifest.Name, inputs.Contains(tensor) ? "input" : "output", tensor.OnnxName, tensor.OnnxType);
            }

            // The task's model contract (shared with the runtime host), then the generator's own checks.
            var definition = TaskCatalog.Find(manifest.Task) ?? TaskCatalog.Default;
            var settings = definition.Resolve(new TaskContract(definition, manifest, signature, (d, path, args) => Report(d, path, args)));
            if (settings is null)
            {
                return new ModelGenerationResult(hintName, null, diagnostics.ToEquatableArray());
            }

            var hasCallerOwnedRun = inputs.All(t => t.IsSupported) && inputs.Count > 0
                && outputs.Any(t => t.IsSupported) && outputs.Where(t => t.IsSupported).All(t => t.ClrType != "string");
            var spec = new ModelSpec
            {
                Namespace = manifest.Namespace ?? file.ReferencedNamespace ?? options.RootNamespace,
                ClassName = manifest.Name,
                Task = manifest.Task,
                ManifestFileName = System.IO.Path.GetFileName(file.Path),
                ManifestPath = file.Path,
                ModelFile = signature.ModelFile,
                VocabFile = signature.VocabFile,
                Sha256 = signature.Sha256,
                Producer = (signature.ProducerName + " " + signature.ProducerVersion).Trim(),
                Opsets = string.Join(", ", signature.Opsets.Select(o => (o.Domain.Length == 0 ? "ai.onnx" : o.Domain) + " " + o.Version.ToString(CultureInfo.InvariantCulture))),
                DocString = signature.DocString,
                Backends = manifest.Backends,
                Variants = signature.Variants,
                IntraOpThreads = manifest.Session.IntraOpThreads,
                InterOpThreads = manifest.Session.InterOpThreads,
                GraphOptimization = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(manifest.Session.GraphOptimization),
                Inputs = inputs.ToEquatableArray(),
                Outputs = outputs.ToEquatableArray(),
                CreateParameters = inputParameters.ToEquatableArray(),
                OutputCreateParameters = outputParameters.ToEquatableArray(),
                HasTypedRun = inputs.All(t => t.IsSupported) && inputs.Count > 0,
                HasCreate = inputs.All(t => t.IsSupported && t.HasShape) && inputs.Count > 0,
                HasCallerOwnedRun = hasCallerOwnedRun,
                HasOutputsCreate = hasCallerOwnedRun && outputs.Where(t => t.IsSupported).All(t => t.HasShape),
            };
            var context = new GenerationContext(manifest, signature, signatureFile.Path, settings, spec, testing, (d, path, args) => Report(d, path, args));
            var generator = TaskGenerator.For(definition.Name).Check(context);
            if (generator is null)
            {
                return new ModelGenerationResult(hintName, null, diagnostics.ToEquatableArray());
            }
            if (generator.Tasks.Contains(TensorTask.TaskName) && settings is not TensorSettings)
            {
                // A fallback (image methods without Accelerate.Imaging) gets the raw API only.
                settings = new TensorSettings();
            }
            spec = spec with { Template = generator.Template, Settings = settings };
            context = context with { Settings = settings, Model = spec };

            // A test class is <Name>MatrixTests in the project's namespace; when an earlier manifest (own ones first) already
            // has that name, it moves into a namespace named after its model's, so classes of two models never collide.
            var firstClaim = claims.FirstOrDefault(c => c.Name == manifest.Name);
            var testNamespace = firstClaim is null || firstClaim.ManifestPath == file.Path ? options.RootNamespace : options.RootNamespace + "." + spec.Namespace;
            var tests = testing.HasTesting ? TestsFor(context, generator.Tests(context), testNamespace) : null;
            if (tests is { HasCases: false })
            {
                Report(generator.NoSamplesDiagnostic, "/tests", manifest.Name);
            }
            // Each precision variant is its own matrix: its own goldens (<Name>.<precision>.goldens.json) and tolerance.
            var variantTests = tests is null
                ? EquatableArray<TestsSpec>.Empty
                : signature.Variants.Select(v => tests with
                {
                    Precision = v.Precision,
                    ClassName = manifest.Name + CSharpNames.ToPascalCase(v.Precision) + "MatrixTests",
                    Sha256 = v.Sha256,
                }).ToEquatableArray();
            var benchmarks = testing.HasBenchmarks ? BenchmarksFor(context, generator.Benchmarks(context), testNamespace) : null;
            return new ModelGenerationResult(hintName, spec, diagnostics.ToEquatableArray(), tests, VariantTests: variantTests, Benchmarks: benchmarks);
        }

        /// <summary>
        /// The BenchmarkDotNet suite: backend × shape (batch with sequence length, image size or tensor shape) × threads ×
        /// precision, a raw-inference case (Run on prepared tensors) and an end-to-end case (the task's method).
        /// </summary>
        private static BenchmarksSpec BenchmarksFor(GenerationContext context, BenchmarksPart part, string benchmarkNamespace)
        {
            var manifest = context.Manifest;
            var spec = context.Model;
            var signature = context.Signature;
            return new BenchmarksSpec
            {
                Namespace = benchmarkNamespace,
                ClassName = manifest.Name + "Benchmarks",
                ModelName = manifest.Name,
                ModelTypeName = "global::" + spec.Namespace + "." + spec.ClassName,
                ManifestPath = manifest.FilePath,
                Source = manifest.Source.Describe(),
                Sha256 = signature.Sha256,
                Opset = spec.Opsets,
                Task = manifest.Task,
                Backends = manifest.Backends.Contains("cpu") ? manifest.Backends : manifest.Backends.Concat(["cpu"]).ToEquatableArray(),
                Precisions = new[] { "fp32" }.Concat(signature.Variants.Select(v => v.Precision)).ToEquatableArray(),
                Threads = manifest.Benchmark.Threads,
                Template = spec.Template,
                Settings = spec.Settings,
                Shapes = part.Shapes.Distinct().ToEquatableArray(),
                RawCreateArguments = spec.HasTypedRun ? part.RawArguments : null,
                RawFill = part.RawFill,
                InputsTypeName = "global::" + spec.Namespace + "." + spec.ClassName + "Inputs",
                OutputsTypeName = "global::" + spec.Namespace + "." + spec.ClassName + "Outputs",
                Images = part.Images,
                HasEndToEnd = part.HasEndToEnd,
            };
        }

        /// <summary>Tolerance of a precision variant the manifest gives none for.</summary>
        internal const double DefaultVariantTolerance = 1e-2;

        /// <summary>The hardware-matrix test class of a model: rows cpu first, then the manifest's other backends.</summary>
        private static TestsSpec TestsFor(GenerationContext context, TestsPart part, string testNamespace)
        {
            var manifest = context.Manifest;
            var signature = context.Signature;
            var spec = context.Model;
            static ContractSpec Contract(TensorSignature t) =>
                new(t.Name, t.ElementType ?? t.Kind, (t.Shape ?? EquatableArray<Dimension>.Empty).Select(d => d.ToString()).ToEquatableArray());
            return new TestsSpec
            {
                Namespace = testNamespace,
                ClassName = manifest.Name + "MatrixTests",
                ModelName = manifest.Name,
                ModelTypeName = "global::" + spec.Namespace + "." + spec.ClassName,
                ManifestPath = manifest.FilePath,
                Task = manifest.Task,
                Sha256 = signature.Sha256,
                Backends = new[] { "cpu" }.Concat(manifest.Backends.Where(b => b != "cpu")).ToEquatableArray(),
                // A variant precision without a tolerance of its own gets 1e-2 (goldens are recorded from the variant itself).
                Tolerances = manifest.Tests.Tolerances.Concat(signature.Variants
                    .Where(v => !manifest.Tests.Tolerances.Any(t => t.Precision == v.Precision))
                    .Select(v => new Tolerance(v.Precision, DefaultVariantTolerance))).ToEquatableArray(),
                Inputs = signature.Inputs.Select(Contract).ToEquatableArray(),
                Outputs = signature.Outputs.Select(Contract).ToEquatableArray(),
                Samples = part.Samples,
                Triplets = spec.Settings is FeatureExtractionSettings ? manifest.Tests.Triplets : EquatableArray<TestTriplet>.Empty,
                Dimensions = manifest.Tests.Dimensions,
                Cases = manifest.Tests.Cases,
                Template = spec.Template,
                Settings = spec.Settings,
                Checks = part.Checks,
                HasCases = part.HasCases,
                Batchable = part.Batchable,
            };
        }

        private static List<TensorSpec> Tensors(EquatableArray<TensorSignature> signatureTensors, Dictionary<string, string> overrides, List<DimensionParameter>? parameters, bool withParameters, string enclosingType)
        {
            // Some exporters write -1 for a dynamic dimension, and an int constant cannot hold more than int.MaxValue:
            // both are treated as dynamic.
            var tensors = signatureTensors.Select(t => t.Shape is { } shape
                ? t with { Shape = shape.Select(d => d.Value is < 0 or > int.MaxValue ? new Dimension(null, d.Param) : d).ToEquatableArray() }
                : t).ToList();
            // A member may not share its class's name (CS0542), and shape constants live beside the properties.
            var reserved = ReservedMemberNames.Concat([enclosingType]).ToList();
            var kind = withParameters ? "Input" : "Output";
            var names = CSharpNames.Deduplicate(
                tensors.Select(t => overrides.TryGetValue(t.Name, out var o) ? o : PropertyName(t.Name, kind)),
                reserved);
            var constantNames = new Queue<string>(CSharpNames.Deduplicate(
                tensors.SelectMany((t, i) => (t.Shape ?? EquatableArray<Dimension>.Empty)
                    .Select((dim, d) => dim.Value is not null ? names[i] + "Dim" + d.ToString(CultureInfo.InvariantCulture) : null)
                    .Where(c => c is not null)
                    .Select(c => c!)),
                reserved.Concat(names)));
            var result = new List<TensorSpec>();
            for (var i = 0; i < tensors.Count; i++)
            {
                var t = tensors[i];
                var property = names[i];
                var supported = t.Kind == "tensor" && t.ElementType is { } e && ClrTypes.ContainsKey(e);
                var dims = new List<DimensionSpec>();
                for (var d = 0; d < (t.Shape?.Count ?? 0); d++)
                {
                    var dim = t.Shape!.Value[d];
                    string? parameter = null;
                    var label = DimensionLabel(dim, d);
                    if (dim.Value is null && parameters is not null)
                    {
                        // Inputs' parameters come first; an output dimension an input shares reuses that parameter, the
                        // others get parameters of the outputs' Create only. One parameter per symbol.
                        var existing = dim.Param is { } symbol ? parameters.FirstOrDefault(x => x.Symbol == symbol) : null;
                        if (existing is null)
                        {
                            var baseName = dim.Param is { } p && !IsGeneratedSymbol(p, d) ? CamelCase(p) : CamelCase(property) + "Dim" + d.ToString(CultureInfo.InvariantCulture);
                            var unique = CSharpNames.Deduplicate(parameters.Select(x => x.Name).Concat([baseName])).Last();
                            existing = new DimensionParameter(unique, "", dim.Param, FromInputs: withParameters);
                            parameters.Add(existing);
                        }
                        parameter = existing.Name;
                    }
                    var constant = dim.Value is not null ? constantNames.Dequeue() : null;
                    dims.Add(new DimensionSpec(d, dim.Value, dim.Param, constant, parameter, label));
                }
                result.Add(new TensorSpec(t.Name, property, supported ? ClrTypes[t.ElementType!] : "object",
                    t.Kind == "tensor" ? t.ElementType ?? "unknown" : t.Kind, dims.ToEquatableArray(), t.Shape is not null, t.DocString, supported));
            }
            return result;
        }

        /// <summary>
        /// True for a symbol an exporter made up for a dimension it could not name, e.g. "Addlast_hidden_state_dim_2" at
        /// index 2 (node name + output + "_dim_" + index): shown and named like an unnamed dimension.
        /// </summary>
        internal static bool IsGeneratedSymbol(string symbol, int index)
        {
            var suffix = "_dim_" + index.ToString(CultureInfo.InvariantCulture);
            return symbol.Length > suffix.Length && symbol.EndsWith(suffix, StringComparison.Ordinal);
        }

        /// <summary>How docs and shape errors show a dimension: its size, its symbol, or "dim2" when it has no real name.</summary>
        private static string DimensionLabel(Dimension dim, int index) =>
            dim.Value is { } v ? v.ToString(CultureInfo.InvariantCulture)
            : dim.Param is { } p && !IsGeneratedSymbol(p, index) ? p
            : "dim" + index.ToString(CultureInfo.InvariantCulture);

        /// <summary>
        /// Each parameter's doc: the symbol and the dimensions it sizes, and for the outputs' Create whether the inputs have it
        /// too (then it must be the value passed to the inputs' Create).
        /// </summary>
        private static List<DimensionParameter> Describe(List<DimensionParameter> parameters, IReadOnlyList<TensorSpec> tensors, bool forOutputs, string inputsType)
        {
            return parameters
                .Select(p => (Parameter: p, Uses: tensors.SelectMany(t => t.Dimensions.Where(d => d.ParameterName == p.Name).Select(d => $"{d.Index} of '{t.OnnxName}'")).ToList()))
                .Where(x => x.Uses.Count > 0)
                .Select(x =>
                {
                    var p = x.Parameter;
                    var first = tensors.SelectMany(t => t.Dimensions).First(d => d.ParameterName == p.Name);
                    var what = IsGeneratedSymbolOf(p, tensors) ? $"Size of the dynamic dimension {first.Label}" : $"Size of the symbolic dimension '{p.Symbol}'";
                    var text = $"{what}: dimension {Join(x.Uses)}.";
                    if (forOutputs && p.FromInputs)
                    {
                        text += $" The inputs have it too: pass the value given to {inputsType}.Create.";
                    }
                    return p with { Description = text };
                })
                .ToList();
        }

        private static bool IsGeneratedSymbolOf(DimensionParameter p, IReadOnlyList<TensorSpec> tensors) =>
            p.Symbol is not { } s || tensors.SelectMany(t => t.Dimensions).Any(d => d.ParameterName == p.Name && IsGeneratedSymbol(s, d.Index));

        private static string Join(List<string> items) =>
            items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[items.Count - 1];

        /// <summary>"last_hidden_state" → "LastHiddenState"; a numeric name such as "924" → "Output924" rather than "_924".</summary>
        private static string PropertyName(string onnxName, string kind)
        {
            var name = CSharpNames.ToPascalCase(onnxName);
            return name.Length > 1 && name[0] == '_' && char.IsDigit(name[1]) ? kind + name.Substring(1) : name;
        }

        private static string HintName(string path)
        {
            // Deterministic and unique per manifest path: file stem plus a stable hash of the full path.
            var stem = ManifestParser.DefaultName(path);
            unchecked
            {
                var hash = 2166136261u;
                foreach (var c in path.ToLowerInvariant()) hash = (hash ^ c) * 16777619u;
                return $"{stem}.{hash:x8}.g.cs";
            }
        }

        private static string CamelCase(string text)
        {
            var pascal = CSharpNames.ToPascalCase(text).TrimStart('@');
            var camel = pascal.StartsWith("_", StringComparison.Ordinal) ? pascal : char.ToLowerInvariant(pascal[0]) + pascal.Substring(1);
            return CSharpNames.IsKeyword(camel) ? "@" + camel : camel;
        }

        private static string TensorList(IEnumerable<TensorSignature> tensors) => TaskContract.TensorList(tensors);
    }
}
