using System.Collections.Immutable;
using System.Globalization;
using Accelerate.Generators.Specs;
using Accelerate.Manifest;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Signatures;

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
                Report(DiagnosticCatalog.NotInspected, "/source", manifest.Name);
                return new ModelGenerationResult(hintName, null, diagnostics.ToEquatableArray());
            }

            var overrides = manifest.Names.ToDictionary(n => n.OnnxName, n => n.CSharpName, StringComparer.Ordinal);
            foreach (var unused in manifest.Names.Where(n => !signature.Inputs.Any(i => i.Name == n.OnnxName) && !signature.Outputs.Any(o => o.Name == n.OnnxName)))
            {
                Report(DiagnosticCatalog.UnknownTensorName, "/names/" + unused.OnnxName, manifest.Name, "input or output", unused.OnnxName,
                    Suggestions.DidYouMean(unused.OnnxName, signature.Inputs.Concat(signature.Outputs).Select(t => t.Name)), TensorList(signature.Inputs.Concat(signature.Outputs)));
            }

            var parameters = new List<DimensionParameter>();
            var inputs = Tensors(signature.Inputs, overrides, parameters, withParameters: true, enclosingType: manifest.Name + "Inputs");
            // Outputs only look up the inputs' parameters (a dimension an input shares), they add none.
            var outputs = Tensors(signature.Outputs, overrides, parameters, withParameters: false, enclosingType: manifest.Name + "Outputs");
            foreach (var tensor in inputs.Concat(outputs).Where(t => !t.IsSupported))
            {
                Report(DiagnosticCatalog.UnsupportedTensorType, "", manifest.Name, inputs.Contains(tensor) ? "input" : "output", tensor.OnnxName, tensor.OnnxType);
            }

            FeatureExtractionSpec? featureExtraction = null;
            if (manifest.Task == ModelTasks.FeatureExtraction)
            {
                featureExtraction = FeatureExtraction(manifest, signature, Report);
                if (featureExtraction is null)
                {
                    return new ModelGenerationResult(hintName, null, diagnostics.ToEquatableArray());
                }
                if (string.IsNullOrEmpty(signature.VocabFile))
                {
                    // The generated constructor loads VocabFile; without it the class would not compile.
                    Report(DiagnosticCatalog.InvalidSignature, "/tokenizer", signatureFile.Path, "it names no vocabulary file, which the tokenizer needs");
                    return new ModelGenerationResult(hintName, null, diagnostics.ToEquatableArray());
                }
            }

            ImageFeatureSpec? imageFeatures = null;
            if (manifest.Task == ModelTasks.ImageFeatureExtraction)
            {
                if (!testing.HasImaging)
                {
                    Report(DiagnosticCatalog.ImagingNotReferenced, "/task", manifest.Task);
                }
                else if ((imageFeatures = ImageFeatures(manifest, signature, Report)) is null)
                {
                    return new ModelGenerationResult(hintName, null, diagnostics.ToEquatableArray());
                }
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
                CreateParameters = parameters.ToEquatableArray(),
                HasTypedRun = inputs.All(t => t.IsSupported) && inputs.Count > 0,
                HasCreate = inputs.All(t => t.IsSupported && t.HasShape) && inputs.Count > 0,
                HasCallerOwnedRun = hasCallerOwnedRun,
                HasOutputsCreate = hasCallerOwnedRun && inputs.All(t => t.IsSupported && t.HasShape)
                    && outputs.Where(t => t.IsSupported).All(t => t.HasShape && t.Dimensions.All(d => d.Value is not null || d.ParameterName is not null)),
                FeatureExtraction = featureExtraction,
                ImageFeatures = imageFeatures,
            };
            // A test class is <Name>MatrixTests in the project's namespace; when an earlier manifest (own ones first) already
            // has that name, it moves into a namespace named after its model's, so classes of two models never collide.
            var firstClaim = claims.FirstOrDefault(c => c.Name == manifest.Name);
            var testNamespace = firstClaim is null || firstClaim.ManifestPath == file.Path ? options.RootNamespace : options.RootNamespace + "." + spec.Namespace;
            var tests = testing.HasTesting ? TestsFor(manifest, signature, spec, testNamespace) : null;
            if (tests is { HasCases: false })
            {
                Report(DiagnosticCatalog.NoTestSamples, "/tests", manifest.Name);
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
            var benchmarks = testing.HasBenchmarks ? BenchmarksFor(manifest, signature, spec, testNamespace) : null;
            return new ModelGenerationResult(hintName, spec, diagnostics.ToEquatableArray(), tests, VariantTests: variantTests, Benchmarks: benchmarks);
        }

        /// <summary>
        /// The BenchmarkDotNet suite: backend × shape (batch with sequence length, image size or tensor shape) × threads ×
        /// precision, a raw-inference case (Run on prepared tensors) and an end-to-end case (Embed / Extract).
        /// </summary>
        private static BenchmarksSpec BenchmarksFor(ModelManifest manifest, ModelSignature signature, ModelSpec spec, string benchmarkNamespace)
        {
            var b = manifest.Benchmark;
            var kind = spec.FeatureExtraction is not null ? "text" : spec.ImageFeatures is not null ? "image" : "tensor";
            var inputs = spec.Inputs;
            var parameters = spec.CreateParameters;
            string? rawArguments = null;
            var fill = new List<string>();
            var shapes = new List<string>();
            var images = EquatableArray<string>.Empty;
            var manifestDirectory = System.IO.Path.GetDirectoryName(manifest.FilePath) ?? "";
            switch (kind)
            {
                case "text":
                    shapes.AddRange(b.BatchSizes.SelectMany(batch => b.SequenceLengths.Select(seq => Invariant($"{batch}, {seq}"))));
                    // Raw inputs [batch, sequence]: a valid token id everywhere, a full attention mask.
                    if (spec.HasCreate && parameters.Count == 2)
                    {
                        rawArguments = "Shape.Batch, Shape.Sequence";
                        var fe = spec.FeatureExtraction!;
                        foreach (var input in inputs)
                        {
                            if (input.OnnxName == fe.InputIdsName) fill.Add($"global::System.Array.Fill(_inputs.{input.PropertyName}.Data, 1000L);");
                            else if (input.OnnxName == fe.AttentionMaskName) fill.Add($"global::System.Array.Fill(_inputs.{input.PropertyName}.Data, 1L);");
                        }
                    }
                    break;
                case "image":
                {
                    var image = spec.ImageFeatures!;
                    var batches = image.BatchDynamic ? b.BatchSizes : new EquatableArray<int>([1]);
                    shapes.AddRange(batches.Select(batch => Invariant($"{batch}, {image.Height}, {image.Width}")));
                    if (spec.HasCreate)
                    {
                        rawArguments = string.Join(", ", parameters.Select((_, i) => i == 0 && image.BatchDynamic ? "Shape.Batch" : "1"));
                        fill.Add($"global::System.Array.Fill(_inputs.{inputs[0].PropertyName}.Data, 0.5f);");
                    }
                    images = manifest.Tests.Samples.Select(s => NormalizePath(FullPath(manifestDirectory, s))).ToEquatableArray();
                    break;
                }
                default:
                {
                    // The batch dimension is the first input's first dimension when every input shares it and it is dynamic.
                    var first = signature.Inputs.Select(i => i.Shape is { Count: > 0 } s ? s[0] : null).ToList();
                    var batchSymbol = first.Count > 0 && first.All(d => d is { Value: null, Param: not null }) && first.Select(d => d!.Param).Distinct().Count() == 1 ? first[0]!.Param : null;
                    var batches = batchSymbol is null ? new EquatableArray<int>([1]) : b.BatchSizes;
                    int SizeOf(DimensionParameter p) => manifest.Tests.Dimensions.FirstOrDefault(d => d.Name == p.Symbol)?.Size ?? 1;
                    var shapeText = string.Join("x", parameters.Where(p => p.Symbol is null || p.Symbol != batchSymbol).Select(p => SizeOf(p).ToString(CultureInfo.InvariantCulture)));
                    shapes.AddRange(batches.Select(batch => Invariant($"{batch}, {CSharpStringLiteral(shapeText.Length == 0 ? "fixed" : shapeText)}")));
                    if (spec.HasCreate)
                    {
                        rawArguments = string.Join(", ", parameters.Select(p => p.Symbol is not null && p.Symbol == batchSymbol ? "Shape.Batch" : SizeOf(p).ToString(CultureInfo.InvariantCulture)));
                    }
                    break;
                }
            }
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
                Threads = b.Threads,
                Kind = kind,
                Shapes = shapes.Distinct().ToEquatableArray(),
                RawCreateArguments = spec.HasTypedRun ? rawArguments : null,
                RawFill = fill.ToEquatableArray(),
                InputsTypeName = "global::" + spec.Namespace + "." + spec.ClassName + "Inputs",
                OutputsTypeName = "global::" + spec.Namespace + "." + spec.ClassName + "Outputs",
                Images = images,
                HasEndToEnd = kind == "text" || (kind == "image" && images.Count > 0),
            };
        }

        private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

        private static string CSharpStringLiteral(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

        /// <summary>Tolerance of a precision variant the manifest gives none for.</summary>
        internal const double DefaultVariantTolerance = 1e-2;

        private static readonly string[] DefaultTextSamples = ["Hello world!", "The quick brown fox jumps over the lazy dog."];

        /// <summary>The hardware-matrix test class of a model: rows cpu first, then the manifest's other backends.</summary>
        private static TestsSpec TestsFor(ModelManifest manifest, ModelSignature signature, ModelSpec spec, string testNamespace)
        {
            var kind = spec.FeatureExtraction is not null ? "text" : spec.ImageFeatures is not null ? "image" : "tensor";
            var manifestDirectory = System.IO.Path.GetDirectoryName(manifest.FilePath) ?? "";
            var samples = kind switch
            {
                "text" => manifest.Tests.Samples.Count > 0 ? manifest.Tests.Samples : DefaultTextSamples.ToEquatableArray(),
                // Image samples are paths relative to the manifest; tests get full paths.
                "image" => manifest.Tests.Samples.Select(s => NormalizePath(FullPath(manifestDirectory, s))).ToEquatableArray(),
                _ => EquatableArray<string>.Empty,
            };
            var firstDims = signature.Inputs.Select(i => i.Shape is { Count: > 0 } s ? s[0] : null).ToList();
            var tensorBatchable = firstDims.Count > 0 && firstDims.All(d => d is { Value: null, Param: not null }) && firstDims.Select(d => d!.Param).Distinct().Count() == 1;
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
                Samples = samples,
                Triplets = kind == "text" ? manifest.Tests.Triplets : EquatableArray<TestTriplet>.Empty,
                Dimensions = manifest.Tests.Dimensions,
                Cases = manifest.Tests.Cases,
                ExpectUnitNorm = spec.FeatureExtraction?.Normalize == true,
                Kind = kind,
                HasCases = kind != "image" || samples.Count > 0,
                Batchable = kind == "text" || (kind == "image" && spec.ImageFeatures!.BatchDynamic && samples.Count > 0) || (kind == "tensor" && tensorBatchable),
            };
        }

        /// <summary>Joins and removes "." and ".." segments without touching the file system (the generator must not).</summary>
        private static string FullPath(string directory, string relative)
        {
            if (System.IO.Path.IsPathRooted(relative)) return relative;
            var parts = new List<string>();
            var combined = NormalizePath(System.IO.Path.Combine(directory, relative));
            var rooted = combined.StartsWith("/", StringComparison.Ordinal);
            foreach (var part in combined.Split('/'))
            {
                if (part == ".." && parts.Count > 0 && parts[parts.Count - 1] != "..") parts.RemoveAt(parts.Count - 1);
                else if (part.Length > 0 && part != ".") parts.Add(part);
            }
            return (rooted ? "/" : "") + string.Join("/", parts);
        }

        private static ImageFeatureSpec? ImageFeatures(ModelManifest manifest, ModelSignature signature, Action<DiagnosticDefinition, string, object?[]> report)
        {
            var image = manifest.Image ?? new ImageSettings();
            void Mismatch(string path, string why) => report(DiagnosticCatalog.TaskSignatureMismatch, path, [manifest.Name, manifest.Task, why]);
            if (signature.Inputs.Count != 1)
            {
                Mismatch("/task", "it has " + signature.Inputs.Count.ToString(CultureInfo.InvariantCulture) + " inputs; an image model has exactly one (inputs: " + TensorList(signature.Inputs) + ")");
                return null;
            }
            var input = signature.Inputs[0];
            var nchw = image.Layout == "nchw";
            if (input.ElementType != "float" || input.Shape is not { Count: 4 } shape)
            {
                Mismatch("/task", $"input '{input.Name}' is {Describe(input)}, expected float [batch, 3, height, width] (or [batch, height, width, 3] with \"layout\": \"nhwc\")");
                return null;
            }
            var (channels, height, width) = nchw ? (shape[1], shape[2], shape[3]) : (shape[3], shape[1], shape[2]);
            if (channels.Value is { } c && c != 3)
            {
                Mismatch("/image", $"input '{input.Name}' is {Describe(input)}: its channel dimension is {c}, not 3" + (nchw ? " (is the layout \"nhwc\"?)" : ""));
                return null;
            }
            if (height.Value is { } h && h != image.Height || width.Value is { } w && w != image.Width)
            {
                Mismatch("/image", $"input '{input.Name}' is {Describe(input)}, but the manifest resizes images to {image.Width}×{image.Height}");
                return null;
            }
            var output = manifest.Output is { } name ? signature.Outputs.FirstOrDefault(o => o.Name == name) : signature.Outputs.FirstOrDefault();
            if (output is null || output.ElementType != "float")
            {
                if (manifest.Output is { } missing && output is null)
                {
                    report(DiagnosticCatalog.UnknownTensorName, "/output", [manifest.Name, "output", missing, Suggestions.DidYouMean(missing, signature.Outputs.Select(o => o.Name)), TensorList(signature.Outputs)]);
                }
                else
                {
                    Mismatch("/task", "the features output must be float (outputs: " + TensorList(signature.Outputs) + ")");
                }
                return null;
            }
            return new ImageFeatureSpec(input.Name, output.Name, shape[0].Value is null, image.Width, image.Height, image.Resize == "crop",
                image.ResizeShorterSide, image.Scale, image.Mean, image.Std, image.ChannelOrder == "bgr", image.Layout.ToUpperInvariant());
        }

        private static FeatureExtractionSpec? FeatureExtraction(ModelManifest manifest, ModelSignature signature, Action<DiagnosticDefinition, string, object?[]> report)
        {
            var ok = true;
            void Mismatch(string path, string why)
            {
                report(DiagnosticCatalog.TaskSignatureMismatch, path, [manifest.Name, manifest.Task, why]);
                ok = false;
            }

            var known = new[] { "input_ids", "attention_mask", "token_type_ids" };
            var inputIds = signature.Inputs.FirstOrDefault(i => i.Name == "input_ids");
            if (inputIds is null)
            {
                Mismatch("/task", "it has no 'input_ids' input (inputs: " + TensorList(signature.Inputs) + ")");
            }
            foreach (var input in signature.Inputs.Where(i => known.Contains(i.Name)))
            {
                if (input.ElementType != "int64" || input.Shape is { Count: not 2 })
                {
                    Mismatch("/task", $"input '{input.Name}' is {Describe(input)}, expected int64 [batch, sequence]");
                }
            }
            foreach (var extra in signature.Inputs.Where(i => !known.Contains(i.Name)))
            {
                Mismatch("/task", $"input '{extra.Name}' cannot be fed from text (feature extraction feeds input_ids, attention_mask and token_type_ids)");
            }

            TensorSignature? output;
            if (manifest.Output is { } name)
            {
                output = signature.Outputs.FirstOrDefault(o => o.Name == name);
                if (output is null)
                {
                    report(DiagnosticCatalog.UnknownTensorName, "/output", [manifest.Name, "output", name,
                        Suggestions.DidYouMean(name, signature.Outputs.Select(o => o.Name)), TensorList(signature.Outputs)]);
                    return null;
                }
            }
            else
            {
                output = signature.Outputs.FirstOrDefault();
            }
            var expectedRank = manifest.Pooling == PoolingModes.None ? 2 : 3;
            if (output is null)
            {
                Mismatch("/task", "it has no outputs");
            }
            else if (output.ElementType != "float" || output.Shape is { } shape && shape.Count != expectedRank)
            {
                var expected = expectedRank == 3 ? "float [batch, sequence, dim] (token vectors to pool)" : "float [batch, dim] (already pooled, as pooling \"none\" says)";
                Mismatch(manifest.Output is null ? "/task" : "/output", $"output '{output.Name}' is {Describe(output)}, expected {expected}");
            }
            if (!ok || output is null || inputIds is null) return null;

            var tokenizer = manifest.Tokenizer ?? new TokenizerSettings();
            var last = output.Shape is { Count: > 0 } s ? s[s.Count - 1].Value : null;
            return new FeatureExtractionSpec(
                inputIds.Name,
                signature.Inputs.FirstOrDefault(i => i.Name == "attention_mask")?.Name,
                signature.Inputs.FirstOrDefault(i => i.Name == "token_type_ids")?.Name,
                output.Name,
                manifest.Pooling,
                manifest.Normalize,
                tokenizer.Lowercase,
                tokenizer.MaxLength,
                last);
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
                    if (!withParameters && dim.Value is null && dim.Param is { } outputSymbol && parameters is not null)
                    {
                        // An output dimension that an input shares: its size is that input's Create parameter.
                        parameter = parameters.FirstOrDefault(x => x.Symbol == outputSymbol)?.Name;
                    }
                    else if (withParameters && dim.Value is null && parameters is not null)
                    {
                        var description = dim.Param is { } symbol ? $"Size of the symbolic dimension '{symbol}'." : $"Size of dimension {d} of '{t.Name}'.";
                        var baseName = dim.Param is { } p ? CamelCase(p) : CamelCase(property) + "Dim" + d.ToString(CultureInfo.InvariantCulture);
                        var existing = dim.Param is not null ? parameters.FirstOrDefault(x => x.Description == description) : null;
                        if (existing is null)
                        {
                            var unique = CSharpNames.Deduplicate(parameters.Select(x => x.Name).Concat([baseName])).Last();
                            existing = new DimensionParameter(unique, description, dim.Param);
                            parameters.Add(existing);
                        }
                        parameter = existing.Name;
                    }
                    var constant = dim.Value is not null ? constantNames.Dequeue() : null;
                    dims.Add(new DimensionSpec(d, dim.Value, dim.Param, constant, parameter));
                }
                result.Add(new TensorSpec(t.Name, property, supported ? ClrTypes[t.ElementType!] : "object",
                    t.Kind == "tensor" ? t.ElementType ?? "unknown" : t.Kind, dims.ToEquatableArray(), t.Shape is not null, t.DocString, supported));
            }
            return result;
        }

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

        private static string Describe(TensorSignature t) =>
            (t.ElementType ?? t.Kind) + " [" + (t.Shape is { } s ? string.Join(", ", s.Select(d => d.ToString())) : "?") + "]";

        private static string TensorList(IEnumerable<TensorSignature> tensors) =>
            string.Join(", ", tensors.Select(t => $"{t.Name} ({Describe(t)})"));
    }
}
