using System.Globalization;
using System.Text.RegularExpressions;
using Accelerate.Manifest.Diagnostics;
using Accelerate.Manifest.Json;
using Accelerate.Manifest.Model;
using Accelerate.Manifest.Tasks;

namespace Accelerate.Manifest;

/// <summary>The outcome of parsing a manifest: the manifest (null when there are errors) and every diagnostic.</summary>
public sealed record ManifestParseResult(ModelManifest? Manifest, EquatableArray<ManifestDiagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.IsError);
}

/// <summary>
/// Parses and validates <c>*.model.json</c> text. Never throws on bad input: every problem becomes a
/// catalogued diagnostic placed on the offending property, with a suggestion where one exists.
/// </summary>
public static class ManifestParser
{
    /// <summary>File-name suffix of manifests.</summary>
    public const string FileSuffix = ".model.json";

    /// <summary>Parses <paramref name="text"/>, the content of the manifest at <paramref name="filePath"/>.</summary>
    public static ManifestParseResult Parse(string text, string filePath)
    {
        var positions = new TextPositions(text);
        var parsed = PositionedJsonParser.Parse(text, positions);
        if (parsed.Error is { } error)
        {
            return new ManifestParseResult(null, new([error]));
        }
        if (parsed.Root is null)
        {
            return new ManifestParseResult(null, new([DiagnosticCatalog.EmptyManifest.At(ManifestLocation.FileStart)]));
        }
        if (parsed.Root is not JsonObjectNode root)
        {
            return new ManifestParseResult(null, new([DiagnosticCatalog.RootNotObject.At(parsed.Root.Location, parsed.Root.KindName)]));
        }
        var reader = new Reader();
        var manifest = reader.ReadManifest(root, filePath);
        var diagnostics = reader.Diagnostics.ToEquatableArray();
        return new ManifestParseResult(diagnostics.Any(d => d.IsError) ? null : manifest, diagnostics);
    }

    /// <summary>The default model name for a manifest file: "mini-lm.model.json" → "MiniLm".</summary>
    public static string DefaultName(string filePath)
    {
        var file = Path.GetFileName(filePath);
        var stem = file.EndsWith(FileSuffix, StringComparison.OrdinalIgnoreCase)
            ? file.Substring(0, file.Length - FileSuffix.Length)
            : Path.GetFileNameWithoutExtension(file);
        return CSharpNames.ToPascalCase(stem).TrimStart('@');
    }

    private sealed class Reader
    {
        private static readonly Regex PackageId = new(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$", RegexOptions.CultureInvariant);
        private static readonly Regex ExactVersion = new(@"^\d+(\.\d+){1,3}(-[0-9A-Za-z.\-]+)?(\+[0-9A-Za-z.\-]+)?$", RegexOptions.CultureInvariant);
        private static readonly Regex Sha256 = new("^[0-9a-fA-F]{64}$", RegexOptions.CultureInvariant);
        private static readonly string[] GraphOptimizations = ["none", "basic", "extended", "all"];

        // Names people reach for that are not ONNX Runtime's (a plain edit distance would suggest 'cpu' for 'gpu').
        private static readonly Dictionary<string, string> BackendAliases = new(StringComparer.Ordinal)
        {
            ["mps"] = " (Apple GPUs are reached through 'coreml' in ONNX Runtime)",
            ["gpu"] = " (name the GPU's backend: 'cuda' or 'tensorrt' for NVIDIA, 'rocm' or 'migraphx' for AMD, 'directml' on Windows, 'coreml' on Apple)",
            ["dml"] = " (did you mean 'directml'?)",
            ["trt"] = " (did you mean 'tensorrt'?)",
            ["ov"] = " (did you mean 'openvino'?)",
            ["npu"] = " (name the NPU's backend, e.g. 'qnn', 'openvino', 'vitisai' or 'coreml')",
        };
        private static readonly string[] Precisions = ["fp32", "fp16", "bf16", "int8", "uint8", "int4"];

        // fp32 is the main "source"; variants are the other precisions.
        private static readonly string[] VariantPrecisions = Precisions.Where(p => p != "fp32").ToArray();

        public List<ManifestDiagnostic> Diagnostics { get; } = [];
        private readonly List<PropertyLocation> _locations = [];
        private readonly List<PropertyLocation> _valueLocations = [];

        public ModelManifest ReadManifest(JsonObjectNode root, string filePath)
        {
            _locations.Add(new PropertyLocation("", root.Location));
            var o = Properties(root, "", "the manifest",
                new[] { "$schema", "name", "namespace", "task", "source", "names", "backends", "session", "tests", "benchmark", "variants" }.Concat(ManifestSettings.All).ToArray());

            String(o, "$schema");
            var name = ReadName(o, filePath);
            var ns = String(o, "namespace");
            if (ns is not null && !CSharpNames.IsValidNamespace(ns.Value))
            {
                Report(DiagnosticCatalog.InvalidNamespace, ns.Location, ns.Value);
            }

            var task = String(o, "task");
            if (task is null && o.Get("task") is null)
            {
                Report(DiagnosticCatalog.MissingProperty, root.Location, "The manifest", "task", " (e.g. \"feature-extraction\" or \"tensor\")");
            }
            var found = task is null ? null : TaskCatalog.Find(task.Value);
            if (task is not null)
            {
                if (found is null)
                {
                    Report(DiagnosticCatalog.UnknownTask, task.Location, task.Value, Suggestions.DidYouMean(task.Value, TaskCatalog.Names), string.Join(", ", TaskCatalog.Names));
                }
                else if (!found.HasTypedApi)
                {
                    Report(DiagnosticCatalog.TaskNotGenerated, task.Location, task.Value, string.Join(", ", TaskCatalog.TypedNames));
                }
            }
            // An unknown task (already an error) is read with the tensor task's rules; its settings are not judged.
            var definition = found ?? TaskCatalog.Default;
            var knownTask = found is not null;
            var taskName = task?.Value ?? definition.Name;

            ModelSource? source = null;
            if (o.Get("source") is { } sourceProperty)
            {
                source = ReadSource(sourceProperty.Value, "/source", "source");
            }
            else
            {
                Report(DiagnosticCatalog.MissingProperty, root.Location, "The manifest", "source", " (e.g. { \"path\": \"model.onnx\" })");
            }

            // Settings the task does not use are reported (ACC1023) and dropped, so nothing is fetched for them.
            var ignored = new HashSet<string>(StringComparer.Ordinal);
            foreach (var setting in ManifestSettings.All)
            {
                if (knownTask && !definition.Accepts(setting) && o.Get(setting) is { } unused)
                {
                    Report(DiagnosticCatalog.IgnoredSetting, unused.NameLocation, setting, $"for task '{taskName}'");
                    ignored.Add(setting);
                }
            }
            bool Used(string setting) => !ignored.Contains(setting) && (definition.Accepts(setting) || !knownTask);
            foreach (var required in definition.RequiredSettings.Where(r => knownTask && o.Get(r) is null))
            {
                if (required == ManifestSettings.Tokenizer) Report(DiagnosticCatalog.TokenizerRequired, task!.Location, taskName);
                else Report(DiagnosticCatalog.TaskNeedsSetting, task!.Location, taskName, $"\"{required}\"", "");
            }

            var tokenizer = Used(ManifestSettings.Tokenizer) && o.Get("tokenizer") is { } tokenizerProperty ? ReadTokenizer(tokenizerProperty.Value) : null;
            var pooling = Used(ManifestSettings.Pooling) ? String(o, "pooling") : null;
            if (pooling is not null && !PoolingModes.All.Contains(pooling.Value))
            {
                Report(DiagnosticCatalog.UnknownPooling, pooling.Location, pooling.Value, Suggestions.DidYouMean(pooling.Value, PoolingModes.All), string.Join(", ", PoolingModes.All));
            }
            var normalize = Used(ManifestSettings.Normalize) ? Bool(o, "normalize") : null;
            var output = Used(ManifestSettings.Output) ? String(o, "output") : null;
            if (output is not null && output.Value.Length == 0)
            {
                Report(DiagnosticCatalog.InvalidValue, output.Location, "", "output", "name one of the model's outputs");
            }

            return new ModelManifest
            {
                FilePath = filePath,
                Name = name,
                Namespace = ns?.Value,
                Task = taskName,
                Source = source ?? new ModelSource(),
                Tokenizer = tokenizer,
                Pooling = pooling?.Value ?? PoolingModes.Mean,
                Normalize = normalize?.Value ?? false,
                Output = output?.Value is { Length: > 0 } outputName ? outputName : null,
                Names = ReadNames(o),
                Backends = ReadBackends(o),
                Session = ReadSession(o),
                Tests = ReadTests(o, definition, taskName, knownTask),
                Benchmark = ReadBenchmark(o),
                Image = definition.Accepts(ManifestSettings.Image) || (!knownTask && o.Get("image") is not null) ? ReadImage(o) : null,
                Variants = ReadVariants(o),
                Models = Used(ManifestSettings.Models) ? ReadRoles(o, root, definition, ManifestSettings.Models, definition.ModelRoles.Select(r => (r.Name, r.Description, r.Required)).ToList()) : EquatableArray<NamedSource>.Empty,
                Files = Used(ManifestSettings.Files) ? ReadRoles(o, root, definition, ManifestSettings.Files, definition.FileRoles.Select(r => (r.Name, r.Description, r.Required)).ToList()) : EquatableArray<NamedSource>.Empty,
                Labels = Used(ManifestSettings.Labels) ? ReadLabels(o) : EquatableArray<string>.Empty,
                Options = Used(ManifestSettings.Options) ? ReadOptions(o, definition) : EquatableArray<OptionValue>.Empty,
                Locations = _locations.ToEquatableArray(),
                ValueLocations = _valueLocations.ToEquatableArray(),
            };
        }

        private string ReadName(ObjectProperties o, string filePath)
        {
            var name = String(o, "name");
            if (name is null) return DefaultName(filePath);
            if (!CSharpNames.IsValidIdentifier(name.Value))
            {
                var hint = CSharpNames.IsKeyword(name.Value)
                    ? $": it is a C# keyword; did you mean '{CSharpNames.ToPascalCase(name.Value).TrimStart('@')}'?"
                    : name.Value.Length == 0 ? "" : $"; did you mean '{CSharpNames.ToPascalCase(name.Value).TrimStart('@')}'?";
                Report(DiagnosticCatalog.InvalidName, name.Location, name.Value, hint);
            }
            return name.Value;
        }

        private ModelSource? ReadSource(JsonValueNode value, string path, string displayName)
        {
            if (value is not JsonObjectNode obj)
            {
                Report(DiagnosticCatalog.WrongType, value.Location, displayName, "an object such as { \"path\": \"model.onnx\" }", value.KindName);
                return null;
            }
            var quoted = $"\"{displayName}\"";
            var o = Properties(obj, path, quoted, "path", "package", "version", "file", "resource", "sha256");
            var filePath = String(o, "path");
            var package = String(o, "package");
            var version = String(o, "version");
            var file = String(o, "file");
            var resource = String(o, "resource");
            var sha = String(o, "sha256");
            var ok = true;

            if ((o.Get("path") is null) == (o.Get("package") is null))
            {
                var hint = o.Get("path") is null && (o.Get("file") is not null || o.Get("resource") is not null)
                    ? "; \"file\" and \"resource\" also need \"package\" and \"version\""
                    : o.Get("path") is not null ? ": a path source cannot also name a package" : "";
                Report(DiagnosticCatalog.SourceKind, obj.Location, quoted, hint);
                return null;
            }
            if (sha is not null && !Sha256.IsMatch(sha.Value))
            {
                ok = Report(DiagnosticCatalog.InvalidValue, sha.Location, sha.Value, "sha256", "expected 64 hexadecimal characters");
            }

            if (o.Get("path") is not null)
            {
                foreach (var extra in new[] { "version", "file", "resource" })
                {
                    if (o.Get(extra) is { } p) Report(DiagnosticCatalog.IgnoredSetting, p.NameLocation, extra, "with a \"path\" source");
                }
                if (filePath is null) return null;
                if (filePath.Value.Trim().Length == 0)
                {
                    Report(DiagnosticCatalog.InvalidValue, filePath.Location, filePath.Value, "path", "give a file path relative to the manifest");
                    return null;
                }
                return ok ? new ModelSource { Kind = SourceKind.Path, Path = filePath.Value, Sha256 = sha?.Value.ToLowerInvariant() } : null;
            }

            if (package is null) return null;
            if (!PackageId.IsMatch(package.Value))
            {
                ok = Report(DiagnosticCatalog.InvalidValue, package.Location, package.Value, "package", "not a NuGet package id");
            }
            if (o.Get("version") is null)
            {
                ok = Report(DiagnosticCatalog.PackageVersionMissing, package.Location, quoted, package.Value);
            }
            else if (version is not null && !ExactVersion.IsMatch(version.Value))
            {
                ok = Report(DiagnosticCatalog.InvalidValue, version.Location, version.Value, "version",
                    "give one exact version such as 1.2.3 (ranges and wildcards would make builds unreproducible)");
            }
            else if (version is null)
            {
                ok = false;
            }
            if ((o.Get("file") is null) == (o.Get("resource") is null))
            {
                Report(DiagnosticCatalog.PackageItemKind, obj.Location, quoted);
                return null;
            }
            if (file is not null && (file.Value.Length == 0 || Path.IsPathRooted(file.Value) || file.Value.Split('/', '\\').Contains("..")))
            {
                ok = Report(DiagnosticCatalog.InvalidValue, file.Location, file.Value, "file", "give a relative path inside the package, such as tools/model.onnx");
            }
            if (resource is not null && resource.Value.Length == 0)
            {
                ok = Report(DiagnosticCatalog.InvalidValue, resource.Location, resource.Value, "resource", "give the manifest resource name, such as My.Package.Resources.model.onnx");
            }
            if (!ok || (file is null && resource is null)) return null;
            return new ModelSource
            {
                Kind = file is not null ? SourceKind.PackageFile : SourceKind.PackageResource,
                Package = package.Value,
                Version = version!.Value,
                File = file?.Value.Replace('\\', '/'),
                Resource = resource?.Value,
                Sha256 = sha?.Value.ToLowerInvariant(),
            };
        }

        private TokenizerSettings? ReadTokenizer(JsonValueNode value)
        {
            if (value is not JsonObjectNode obj)
            {
                Report(DiagnosticCatalog.WrongType, value.Location, "tokenizer", "an object", value.KindName);
                return null;
            }
            var o = Properties(obj, "/tokenizer", "\"tokenizer\"", "type", "vocab", "lowercase", "maxLength");
            var type = String(o, "type");
            if (type is not null && !TokenizerTypes.Supported.Contains(type.Value))
            {
                var hint = TokenizerTypes.Planned.Contains(type.Value) ? " yet" : Suggestions.DidYouMean(type.Value, TokenizerTypes.Supported.Concat(TokenizerTypes.Planned));
                Report(DiagnosticCatalog.UnknownTokenizer, type.Location, type.Value, hint, string.Join(", ", TokenizerTypes.Supported));
            }
            ModelSource? vocab = null;
            if (o.Get("vocab") is { } vocabProperty)
            {
                vocab = ReadSource(vocabProperty.Value, "/tokenizer/vocab", "vocab");
            }
            else
            {
                Report(DiagnosticCatalog.MissingProperty, obj.Location, "\"tokenizer\"", "vocab", " (where vocab.txt comes from, in the same forms as \"source\")");
            }
            var lowercase = Bool(o, "lowercase");
            var maxLength = Integer(o, "maxLength", 2, 1_000_000, "an integer from 2 (room for [CLS] and [SEP]) to 1000000");
            return new TokenizerSettings
            {
                Type = type?.Value ?? TokenizerTypes.WordPiece,
                Vocab = vocab ?? new ModelSource(),
                Lowercase = lowercase?.Value ?? true,
                MaxLength = maxLength ?? 512,
            };
        }

        private EquatableArray<NameOverride> ReadNames(ObjectProperties o)
        {
            if (o.Get("names") is not { } property) return EquatableArray<NameOverride>.Empty;
            if (property.Value is not JsonObjectNode obj)
            {
                Report(DiagnosticCatalog.WrongType, property.Value.Location, "names", "an object mapping ONNX names to C# names", property.Value.KindName);
                return EquatableArray<NameOverride>.Empty;
            }
            var names = new List<NameOverride>();
            foreach (var entry in Properties(obj, "/names", "\"names\"").All)
            {
                if (entry.Value is not JsonStringNode csharp)
                {
                    Report(DiagnosticCatalog.WrongType, entry.Value.Location, $"names.{entry.Name}", "a string (a C# identifier)", entry.Value.KindName);
                }
                else if (!CSharpNames.IsValidIdentifier(csharp.Value))
                {
                    Report(DiagnosticCatalog.InvalidIdentifier, csharp.Location, csharp.Value, entry.Name);
                }
                else
                {
                    names.Add(new NameOverride(entry.Name, csharp.Value));
                }
            }
            return names.ToEquatableArray();
        }

        private EquatableArray<string> ReadBackends(ObjectProperties o)
        {
            var items = StringArray(o, "backends");
            if (items is null) return new(["cpu"]);
            if (items.Count == 0)
            {
                Report(DiagnosticCatalog.InvalidValue, o.Get("backends")!.Value.Location, "[]", "backends", "list at least one backend, e.g. [\"cpu\"]");
            }
            var result = new List<string>();
            foreach (var item in items)
            {
                var name = item.Value.ToLowerInvariant();
                if (!BackendNames.All.Contains(name))
                {
                    var hint = BackendAliases.TryGetValue(name, out var alias) ? alias : Suggestions.DidYouMean(item.Value, BackendNames.All);
                    Report(DiagnosticCatalog.UnknownBackend, item.Location, item.Value, hint, string.Join(", ", BackendNames.All));
                }
                else if (result.Contains(name))
                {
                    Report(DiagnosticCatalog.DuplicateBackend, item.Location, name);
                }
                else
                {
                    result.Add(name);
                }
            }
            return result.Count == 0 ? new(["cpu"]) : result.ToEquatableArray();
        }

        private SessionSettings ReadSession(ObjectProperties o)
        {
            if (Object(o, "session", "\"session\"", "intraOpThreads", "interOpThreads", "graphOptimization") is not { } s) return new SessionSettings();
            var intra = Integer(s, "intraOpThreads", 0, 1024, "an integer from 0 (ONNX Runtime's default) to 1024");
            var inter = Integer(s, "interOpThreads", 0, 1024, "an integer from 0 (ONNX Runtime's default) to 1024");
            var optimization = String(s, "graphOptimization");
            if (optimization is not null && !GraphOptimizations.Contains(optimization.Value))
            {
                Report(DiagnosticCatalog.InvalidValue, optimization.Location, optimization.Value, "graphOptimization",
                    "use one of " + string.Join(", ", GraphOptimizations) + Suggestions.DidYouMean(optimization.Value, GraphOptimizations));
            }
            return new SessionSettings { IntraOpThreads = intra ?? 0, InterOpThreads = inter ?? 0, GraphOptimization = optimization?.Value ?? "all" };
        }

        private TestSettings ReadTests(ObjectProperties o, TaskDefinition definition, string taskName, bool knownTask)
        {
            if (Object(o, "tests", "\"tests\"", "tolerance", "samples", "triplets", "dimensions", "cases") is not { } t) return new TestSettings();
            var tolerances = new TestSettings().Tolerances.ToList();
            if (Object(t, "tolerance", "\"tolerance\"", Precisions) is { } tolerance)
            {
                foreach (var precision in Precisions)
                {
                    if (Number(tolerance, precision) is not { } n) continue;
                    if (n.Value < 0 || double.IsNaN(n.Value))
                    {
                        Report(DiagnosticCatalog.OutOfRange, n.Location, $"tests.tolerance.{precision}", "zero or more", n.Value.ToString("R", CultureInfo.InvariantCulture));
                        continue;
                    }
                    tolerances.RemoveAll(x => x.Precision == precision);
                    tolerances.Add(new Tolerance(precision, n.Value));
                }
            }
            var samples = StringArray(t, "samples");
            foreach (var setting in new[] { TestSettingNames.Triplets, TestSettingNames.Dimensions, TestSettingNames.Cases })
            {
                if (!definition.UsesTestSetting(setting) && knownTask && t.Get(setting) is { } ignored)
                {
                    Report(DiagnosticCatalog.IgnoredSetting, ignored.NameLocation, "tests." + setting, $"for task '{taskName}'");
                }
            }
            return new TestSettings
            {
                Tolerances = tolerances.OrderBy(x => x.Precision, StringComparer.Ordinal).ToEquatableArray(),
                Samples = (samples ?? []).Select(s => s.Value).ToEquatableArray(),
                Triplets = ReadTriplets(t),
                Dimensions = ReadDimensions(t),
                Cases = Integer(t, "cases", 1, 64, "an integer from 1 to 64") ?? 2,
            };
        }

        private EquatableArray<TestTriplet> ReadTriplets(ObjectProperties t)
        {
            if (t.Get("triplets") is not { } property) return EquatableArray<TestTriplet>.Empty;
            if (property.Value is not JsonArrayNode array)
            {
                Report(DiagnosticCatalog.WrongType, property.Value.Location, "triplets", "an array of { \"anchor\", \"positive\", \"negative\" } objects", property.Value.KindName);
                return EquatableArray<TestTriplet>.Empty;
            }
            var triplets = new List<TestTriplet>();
            for (var i = 0; i < array.Items.Count; i++)
            {
                var item = array.Items[i];
                if (item is not JsonObjectNode obj)
                {
                    Report(DiagnosticCatalog.WrongType, item.Location, "triplets item", "an object with \"anchor\", \"positive\" and \"negative\"", item.KindName);
                    continue;
                }
                var path = "/tests/triplets/" + i.ToString(CultureInfo.InvariantCulture);
                var fields = Properties(obj, path, "a triplet", "anchor", "positive", "negative");
                var texts = new[] { "anchor", "positive", "negative" }.Select(name =>
                {
                    var text = String(fields, name);
                    if (text is null && fields.Get(name) is null)
                    {
                        Report(DiagnosticCatalog.MissingProperty, obj.Location, "A triplet", name, "");
                    }
                    return text?.Value;
                }).ToList();
                if (texts.All(x => x is not null)) triplets.Add(new TestTriplet(texts[0]!, texts[1]!, texts[2]!));
            }
            return triplets.ToEquatableArray();
        }

        private EquatableArray<DimensionSize> ReadDimensions(ObjectProperties t)
        {
            if (t.Get("dimensions") is not { } property) return EquatableArray<DimensionSize>.Empty;
            if (property.Value is not JsonObjectNode obj)
            {
                Report(DiagnosticCatalog.WrongType, property.Value.Location, "dimensions", "an object mapping symbolic dimension names to sizes", property.Value.KindName);
                return EquatableArray<DimensionSize>.Empty;
            }
            var sizes = new List<DimensionSize>();
            var fields = Properties(obj, "/tests/dimensions", "\"dimensions\"");
            foreach (var entry in fields.All)
            {
                if (Integer(fields, entry.Name, 1, 1_000_000, "an integer from 1 to 1000000") is { } size) sizes.Add(new DimensionSize(entry.Name, size));
            }
            return sizes.ToEquatableArray();
        }

        /// <summary>"variants": { "int8": { source }, "fp16": { source } } — other precisions of the same model.</summary>
        private EquatableArray<ModelVariant> ReadVariants(ObjectProperties o)
        {
            if (o.Get("variants") is not { } property) return EquatableArray<ModelVariant>.Empty;
            if (property.Value is not JsonObjectNode obj)
            {
                Report(DiagnosticCatalog.WrongType, property.Value.Location, "variants", "an object mapping precisions (" + string.Join(", ", VariantPrecisions) + ") to model sources", property.Value.KindName);
                return EquatableArray<ModelVariant>.Empty;
            }
            var variants = new List<ModelVariant>();
            foreach (var entry in Properties(obj, "/variants", "\"variants\"", VariantPrecisions).All)
            {
                if (!VariantPrecisions.Contains(entry.Name)) continue; // reported as unknown above
                if (ReadSource(entry.Value, "/variants/" + entry.Name, "variants." + entry.Name) is { } source)
                {
                    variants.Add(new ModelVariant(entry.Name, source));
                }
            }
            return variants.ToEquatableArray();
        }

        private ImageSettings ReadImage(ObjectProperties o)
        {
            var defaults = new ImageSettings();
            if (Object(o, "image", "\"image\"", "width", "height", "resize", "resizeShorterSide", "scale", "mean", "std", "channelOrder", "layout") is not { } i)
            {
                return defaults;
            }
            var resize = Choice(i, "resize", ImageSettings.ResizeModes);
            var channelOrder = Choice(i, "channelOrder", ImageSettings.ChannelOrders);
            var layout = Choice(i, "layout", ImageSettings.Layouts);
            var scale = Number(i, "scale");
            if (scale is not null && !(scale.Value > 0))
            {
                Report(DiagnosticCatalog.OutOfRange, scale.Location, "scale", "greater than zero", scale.Value.ToString("R", CultureInfo.InvariantCulture));
            }
            return new ImageSettings
            {
                Width = Integer(i, "width", 1, 16384, "an integer from 1 to 16384") ?? defaults.Width,
                Height = Integer(i, "height", 1, 16384, "an integer from 1 to 16384") ?? defaults.Height,
                Resize = resize ?? defaults.Resize,
                ResizeShorterSide = Integer(i, "resizeShorterSide", 1, 16384, "an integer from 1 to 16384"),
                Scale = scale is { Value: > 0 } ? scale.Value : defaults.Scale,
                Mean = ChannelValues(i, "mean", allowZero: true) ?? defaults.Mean,
                Std = ChannelValues(i, "std", allowZero: false) ?? defaults.Std,
                ChannelOrder = channelOrder ?? defaults.ChannelOrder,
                Layout = layout ?? defaults.Layout,
            };
        }

        /// <summary>"models" / "files": { "role": { source }, … } with the roles the task declares; required ones missing are ACC1026.</summary>
        private EquatableArray<NamedSource> ReadRoles(ObjectProperties o, JsonObjectNode root, TaskDefinition definition, string setting, IReadOnlyList<(string Name, string Description, bool Required)> roles)
        {
            var result = new List<NamedSource>();
            var property = o.Get(setting);
            if (property is not null && property.Value is not JsonObjectNode)
            {
                Report(DiagnosticCatalog.WrongType, property.Value.Location, setting, $"an object mapping roles ({string.Join(", ", roles.Select(r => r.Name))}) to sources", property.Value.KindName);
                return EquatableArray<NamedSource>.Empty;
            }
            if (property?.Value is JsonObjectNode obj)
            {
                foreach (var entry in Properties(obj, "/" + setting, $"\"{setting}\"", roles.Select(r => r.Name).ToArray()).All)
                {
                    if (!roles.Any(r => r.Name == entry.Name)) continue; // reported as unknown above
                    if (ReadSource(entry.Value, $"/{setting}/{entry.Name}", $"{setting}.{entry.Name}") is { } source) result.Add(new NamedSource(entry.Name, source));
                }
            }
            var noun = setting == ManifestSettings.Models ? "the model" : "the file";
            foreach (var missing in roles.Where(r => r.Required && !result.Any(n => n.Role == r.Name)))
            {
                if (property?.Value is JsonObjectNode present && present.Properties.Any(p => p.Name == missing.Name)) continue; // present but broken: reported already
                Report(DiagnosticCatalog.TaskNeedsSetting, property?.NameLocation ?? root.Location, definition.Name, $"{noun} \"{missing.Name}\" under \"{setting}\"", $" ({missing.Description}; in the same forms as \"source\")");
            }
            return result.ToEquatableArray();
        }

        /// <summary>"labels": ["cat", "dog"], in the model's output order.</summary>
        private EquatableArray<string> ReadLabels(ObjectProperties o)
        {
            if (StringArray(o, "labels") is not { } labels) return EquatableArray<string>.Empty;
            if (labels.Count == 0) Report(DiagnosticCatalog.InvalidValue, o.Get("labels")!.Value.Location, "[]", "labels", "list the labels in the model's output order, or leave \"labels\" out");
            foreach (var duplicate in labels.GroupBy(l => l.Value).Where(g => g.Count() > 1).Select(g => g.Skip(1).First()))
            {
                Report(DiagnosticCatalog.InvalidValue, duplicate.Location, duplicate.Value, "labels", "each label may appear once");
            }
            return labels.Select(l => l.Value).ToEquatableArray();
        }

        /// <summary>"options": the task's tunables, each checked against its declaration (type, range, choices).</summary>
        private EquatableArray<OptionValue> ReadOptions(ObjectProperties o, TaskDefinition definition)
        {
            var declared = definition.Options;
            if (Object(o, "options", "\"options\"", declared.Select(d => d.Name).ToArray()) is not { } options) return EquatableArray<OptionValue>.Empty;
            var values = new List<OptionValue>();
            foreach (var option in declared)
            {
                if (options.Get(option.Name) is null) continue;
                string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
                var range = (option.Minimum > double.MinValue, option.Maximum < double.MaxValue) switch
                {
                    (true, true) => $"from {R(option.Minimum)} to {R(option.Maximum)}",
                    (true, false) => $"of at least {R(option.Minimum)}",
                    (false, true) => $"of at most {R(option.Maximum)}",
                    _ => "",
                };
                switch (option.Kind)
                {
                    case TaskOptionKind.Boolean:
                        if (Bool(options, option.Name) is { } b) values.Add(new OptionValue(option.Name, b.Value ? "true" : "false"));
                        break;
                    case TaskOptionKind.Choice:
                        if (Choice(options, option.Name, option.Choices) is { } choice) values.Add(new OptionValue(option.Name, choice));
                        break;
                    default:
                        if (Number(options, option.Name) is not { } n) break;
                        if (option.Kind == TaskOptionKind.Integer && !n.IsInteger || n.Value < option.Minimum || n.Value > option.Maximum || double.IsNaN(n.Value))
                        {
                            Report(DiagnosticCatalog.OutOfRange, n.Location, "options." + option.Name, ((option.Kind == TaskOptionKind.Integer ? "an integer " : "a number ") + range).TrimEnd(), R(n.Value));
                            break;
                        }
                        values.Add(new OptionValue(option.Name, n.Value.ToString("R", CultureInfo.InvariantCulture)));
                        break;
                }
            }
            return values.ToEquatableArray();
        }

        private string? Choice(ObjectProperties o, string name, IReadOnlyList<string> allowed)
        {
            if (String(o, name) is not { } value) return null;
            if (allowed.Contains(value.Value)) return value.Value;
            Report(DiagnosticCatalog.InvalidValue, value.Location, value.Value, name, "use one of " + string.Join(", ", allowed) + Suggestions.DidYouMean(value.Value, allowed));
            return null;
        }

        private EquatableArray<double>? ChannelValues(ObjectProperties o, string name, bool allowZero)
        {
            if (o.Get(name) is not { } property) return null;
            if (property.Value is not JsonArrayNode { Items.Count: 3 } array || array.Items.Any(x => x is not JsonNumberNode))
            {
                Report(DiagnosticCatalog.WrongType, property.Value.Location, name, "an array of three numbers (one per channel, in the tensor's channel order: blue first when channelOrder is bgr)", property.Value.KindName);
                return null;
            }
            var values = array.Items.Cast<JsonNumberNode>().ToList();
            foreach (var bad in values.Where(v => allowZero ? double.IsNaN(v.Value) : !(v.Value > 0)))
            {
                Report(DiagnosticCatalog.OutOfRange, bad.Location, name + " item", allowZero ? "a number" : "greater than zero", bad.Value.ToString("R", CultureInfo.InvariantCulture));
                return null;
            }
            return values.Select(v => v.Value).ToEquatableArray();
        }

        private BenchmarkSettings ReadBenchmark(ObjectProperties o)
        {
            var defaults = new BenchmarkSettings();
            if (Object(o, "benchmark", "\"benchmark\"", "batchSizes", "sequenceLengths", "threads") is not { } b) return defaults;
            return new BenchmarkSettings
            {
                BatchSizes = PositiveIntegers(b, "batchSizes") ?? defaults.BatchSizes,
                SequenceLengths = PositiveIntegers(b, "sequenceLengths") ?? defaults.SequenceLengths,
                Threads = PositiveIntegers(b, "threads") ?? defaults.Threads,
            };
        }

        private EquatableArray<int>? PositiveIntegers(ObjectProperties o, string name)
        {
            if (o.Get(name) is not { } property) return null;
            if (property.Value is not JsonArrayNode array)
            {
                Report(DiagnosticCatalog.WrongType, property.Value.Location, name, "an array of positive integers", property.Value.KindName);
                return null;
            }
            if (array.Items.Count == 0)
            {
                Report(DiagnosticCatalog.InvalidValue, array.Location, "[]", name, "list at least one value");
                return null;
            }
            var values = new List<int>();
            foreach (var item in array.Items)
            {
                if (item is not JsonNumberNode { IsInteger: true } n)
                {
                    Report(DiagnosticCatalog.WrongType, item.Location, $"{name} item", "an integer", item.KindName);
                }
                else if (n.Value < 1 || n.Value > 1_000_000)
                {
                    Report(DiagnosticCatalog.OutOfRange, n.Location, $"{name} item", "an integer from 1 to 1000000", n.Value.ToString(CultureInfo.InvariantCulture));
                }
                else
                {
                    values.Add((int)n.Value);
                }
            }
            return values.Distinct().ToEquatableArray();
        }

        // ---- typed property access; each reports ACC1005 on a wrong type and returns null ----

        private ObjectProperties? Object(ObjectProperties o, string name, string display, params string[] known)
        {
            if (o.Get(name) is not { } property) return null;
            if (property.Value is JsonObjectNode obj) return Properties(obj, o.Path + "/" + name, display, known);
            Report(DiagnosticCatalog.WrongType, property.Value.Location, name, "an object", property.Value.KindName);
            return null;
        }

        private JsonStringNode? String(ObjectProperties o, string name)
        {
            if (o.Get(name) is not { } property) return null;
            if (property.Value is JsonStringNode s) return s;
            Report(DiagnosticCatalog.WrongType, property.Value.Location, name, "a string", property.Value.KindName);
            return null;
        }

        private JsonBooleanNode? Bool(ObjectProperties o, string name)
        {
            if (o.Get(name) is not { } property) return null;
            if (property.Value is JsonBooleanNode b) return b;
            Report(DiagnosticCatalog.WrongType, property.Value.Location, name, "true or false", property.Value.KindName);
            return null;
        }

        private JsonNumberNode? Number(ObjectProperties o, string name)
        {
            if (o.Get(name) is not { } property) return null;
            if (property.Value is JsonNumberNode n) return n;
            Report(DiagnosticCatalog.WrongType, property.Value.Location, name, "a number", property.Value.KindName);
            return null;
        }

        private int? Integer(ObjectProperties o, string name, int min, int max, string expectation)
        {
            if (Number(o, name) is not { } n) return null;
            if (!n.IsInteger || n.Value < min || n.Value > max)
            {
                Report(DiagnosticCatalog.OutOfRange, n.Location, name, expectation, n.Value.ToString(CultureInfo.InvariantCulture));
                return null;
            }
            return (int)n.Value;
        }

        private List<JsonStringNode>? StringArray(ObjectProperties o, string name)
        {
            if (o.Get(name) is not { } property) return null;
            if (property.Value is not JsonArrayNode array)
            {
                Report(DiagnosticCatalog.WrongType, property.Value.Location, name, "an array of strings", property.Value.KindName);
                return null;
            }
            var result = new List<JsonStringNode>();
            foreach (var item in array.Items)
            {
                if (item is JsonStringNode s) result.Add(s);
                else Report(DiagnosticCatalog.WrongType, item.Location, $"{name} item", "a string", item.KindName);
            }
            return result;
        }

        /// <summary>Indexes an object's properties, reporting duplicates (ACC1021) and unknown names (ACC1004).</summary>
        private ObjectProperties Properties(JsonObjectNode obj, string path, string display, params string[] known)
        {
            var byName = new Dictionary<string, JsonPropertyNode>(StringComparer.Ordinal);
            var all = new List<JsonPropertyNode>();
            foreach (var property in obj.Properties)
            {
                if (byName.ContainsKey(property.Name))
                {
                    Report(DiagnosticCatalog.DuplicateProperty, property.NameLocation, property.Name, display);
                    continue;
                }
                byName[property.Name] = property;
                all.Add(property);
                _locations.Add(new PropertyLocation(path + "/" + property.Name, property.NameLocation));
                _valueLocations.Add(new PropertyLocation(path + "/" + property.Name, property.Value.Location));
                if (known.Length > 0 && !known.Contains(property.Name, StringComparer.Ordinal))
                {
                    // A near miss of a known name is a typo whose setting would silently not apply: an error. Other
                    // names (comments, a tool's own keys) stay a warning.
                    if (Suggestions.Closest(property.Name, known) is { } meant)
                    {
                        Report(DiagnosticCatalog.MisspeltProperty, property.NameLocation, property.Name, display, meant);
                    }
                    else
                    {
                        Report(DiagnosticCatalog.UnknownProperty, property.NameLocation, property.Name, display, "");
                    }
                }
            }
            return new ObjectProperties(path, byName, all);
        }

        /// <summary>Adds a diagnostic; returns false so callers can write <c>ok = Report(...)</c>.</summary>
        private bool Report(DiagnosticDefinition definition, ManifestLocation location, params object?[] args)
        {
            Diagnostics.Add(definition.At(location, args));
            return false;
        }
    }

    private sealed class ObjectProperties(string path, Dictionary<string, JsonPropertyNode> byName, List<JsonPropertyNode> all)
    {
        public string Path { get; } = path;
        public IReadOnlyList<JsonPropertyNode> All { get; } = all;
        public JsonPropertyNode? Get(string name) => byName.TryGetValue(name, out var p) ? p : null;
    }
}
