using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Accelerate.Runtime;
using Microsoft.ML.OnnxRuntime;
using Xunit;
using Xunit.Sdk;

namespace Accelerate.Testing;

/// <summary>
/// The base of the generated hardware-matrix tests of one model: each check runs on one backend row, skips with the
/// detector's reason when the backend is absent (fails when it is required), never falls back to the CPU, and records
/// its outcome for the matrix report.
/// </summary>
/// <remarks>
/// Settings come from environment variables and from the test assembly's <see cref="AssemblyMetadataAttribute"/>s
/// (which the MSBuild integration writes from properties): <c>AccelerateBackends</c> / <c>ACCELERATE_BACKENDS</c>
/// restrict the rows, <c>AccelerateRequireBackends</c> / <c>ACCELERATE_REQUIRE_BACKENDS</c> require backends,
/// <c>AccelerateUpdateGoldens</c> / <c>ACCELERATE_UPDATE_GOLDENS</c> re-record goldens from the cpu row.
/// </remarks>
public abstract class ModelMatrixTests
{
    /// <summary>The environment variable that turns on goldens recording (<c>1</c> or <c>true</c>).</summary>
    public const string UpdateGoldensVariable = "ACCELERATE_UPDATE_GOLDENS";

    private const string RecordHint = "record them with `dotnet test -p:AccelerateUpdateGoldens=true` (or ACCELERATE_UPDATE_GOLDENS=1)";

    private static readonly object GoldensLock = new();
    private static readonly ConcurrentDictionary<string, Lazy<IReadOnlyList<CaseOutputs>>> CpuOutputs = new(StringComparer.Ordinal);

    /// <summary>Binds the checks to a model's spec.</summary>
    /// <param name="spec">What to check.</param>
    protected ModelMatrixTests(ModelTestSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Spec = spec;
    }

    /// <summary>What the checks check.</summary>
    protected ModelTestSpec Spec { get; }

    /// <summary>Whether goldens are being recorded: <c>ACCELERATE_UPDATE_GOLDENS</c> is 1/true, or assembly metadata <c>AccelerateUpdateGoldens</c> is true.</summary>
    protected bool UpdateGoldens =>
        IsTrue(Environment.GetEnvironmentVariable(UpdateGoldensVariable)) || IsTrue(Setting("AccelerateUpdateGoldens"));

    /// <summary>The options every model is opened with; the checks add the one backend and turn CPU fallback off.</summary>
    protected virtual AccelerateSessionOptions SessionOptions => AccelerateSessionOptions.Default;

    /// <summary>Opens the model on exactly <paramref name="backend"/> (generated: wraps <c>new MiniLm(options)</c>).</summary>
    /// <param name="backend">The backend row.</param>
    /// <param name="options">Options naming only that backend, with CPU fallback off.</param>
    /// <returns>The model under test; the check disposes it.</returns>
    protected abstract IModelUnderTest Open(string backend, AccelerateSessionOptions options);

    /// <summary>A setting baked into the test assembly: the value of its <see cref="AssemblyMetadataAttribute"/> named <paramref name="key"/>.</summary>
    /// <param name="key">E.g. <c>AccelerateBackends</c>.</param>
    /// <returns>The value; <see langword="null"/> when absent or empty.</returns>
    protected virtual string? Setting(string key) =>
        GetType().Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().LastOrDefault(a => a.Key == key)?.Value is { Length: > 0 } value ? value : null;

    /// <summary>The model loads on <paramref name="backend"/> itself (not a fallback); the load time is recorded.</summary>
    /// <param name="backend">The backend row.</param>
    protected void Loads(string backend) => Check(backend, nameof(Loads), run =>
    {
        using var model = OpenModel(backend, run);
        run.Note = $"loaded in {Text.Milliseconds(model.Session.LoadTime)}";
    });

    /// <summary>
    /// The session's inputs and outputs have the names, element types and dimensions the build saw: fixed dimensions
    /// must be equal; symbolic or unnamed ones may be anything.
    /// </summary>
    /// <param name="backend">The backend row.</param>
    protected void MatchesSignature(string backend) => Check(backend, nameof(MatchesSignature), run =>
    {
        using var model = OpenModel(backend, run);
        var problems = new List<string>();
        CompareSignature("input", Spec.Inputs, model.Session.Session.InputMetadata, problems);
        CompareSignature("output", Spec.Outputs, model.Session.Session.OutputMetadata, problems);
        if (problems.Count > 0)
        {
            Assert.Fail($"{run.Label}: the model does not match the signature the build saw:\n  "
                + string.Join("\n  ", problems)
                + "\nRebuild the project so the generated code is regenerated from the model, or check that the right model file is beside the tests.");
        }
    });

    /// <summary>
    /// Every case's outputs equal the recorded goldens within <c>Spec.Tolerances[Spec.Precision]</c>. In update mode the
    /// cpu row records the goldens (writing the file only when its text changes) and is skipped with where it wrote them
    /// (it compared nothing, and a skip reason is what a test run shows); other rows still compare.
    /// </summary>
    /// <param name="backend">The backend row.</param>
    protected void MatchesGoldens(string backend) => Check(backend, nameof(MatchesGoldens), run =>
    {
        var tolerance = Tolerance(run);
        var path = Spec.GoldensPath;
        using var model = OpenModel(backend, run);
        var actual = model.RunEach();
        if (IsCpu(backend) && UpdateGoldens)
        {
            var written = Record(actual, path);
            Assert.Skip((written ? $"recorded goldens at {path}" : $"goldens unchanged at {path}")
                + " (recording mode compares nothing: run the tests again without AccelerateUpdateGoldens to compare)");
        }

        if (UpdateGoldens && run.Gate.IsAllowed(BackendCatalog.Cpu, out _))
        {
            // Rows run in any order: whichever comes first records what the cpu row records (the same text).
            Record(CpuReference(run), path);
        }

        if (!File.Exists(path))
        {
            Assert.Fail($"{run.Label}: No goldens for {Spec.ModelName} at {path}: {RecordHint}.");
        }

        GoldenFile goldens;
        try
        {
            goldens = GoldenFile.Load(path);
        }
        catch (InvalidDataException ex)
        {
            Assert.Fail($"{run.Label}: {ex.Message.TrimEnd('.')}. Re-record them with `dotnet test -p:AccelerateUpdateGoldens=true` (or ACCELERATE_UPDATE_GOLDENS=1).");
            throw;
        }

        if (Spec.ModelSha256.Length > 0 && !string.Equals(goldens.Provenance.ModelSha256, Spec.ModelSha256, StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{run.Label}: the model changed: the goldens at {path} were recorded from a model with SHA-256 "
                + $"{Shown(goldens.Provenance.ModelSha256)}, but the model is now {Spec.ModelSha256}. If the new model's outputs are right, "
                + $"re-record the goldens with `dotnet test -p:AccelerateUpdateGoldens=true` (or ACCELERATE_UPDATE_GOLDENS=1).");
        }

        if (goldens.Provenance.Precision.Length > 0 && !string.Equals(goldens.Provenance.Precision, Spec.Precision, StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"{run.Label}: the goldens at {path} are for precision {goldens.Provenance.Precision}, but this row tests {Spec.Precision}.");
        }

        Compare(run, goldens.Cases, actual, tolerance, ToleranceNote(), null, null, "the goldens",
            $"Goldens: {path} (recorded on {goldens.Provenance.Backend} with ONNX Runtime {goldens.Provenance.OnnxRuntime}). "
            + "If the new outputs are right, re-record them with `dotnet test -p:AccelerateUpdateGoldens=true` (or ACCELERATE_UPDATE_GOLDENS=1).");
    });

    /// <summary>Every case's outputs on <paramref name="backend"/> equal those on the cpu within tolerance.</summary>
    /// <param name="backend">A non-cpu backend row.</param>
    protected void AgreesWithCpu(string backend) => Check(backend, nameof(AgreesWithCpu), run =>
    {
        if (IsCpu(backend))
        {
            Assert.Skip("the cpu row is the reference the other rows are compared with");
        }

        var tolerance = Tolerance(run);
        using var model = OpenModel(backend, run);
        var actual = model.RunEach();
        Compare(run, CpuReference(run), actual, tolerance, ToleranceNote(), BackendCatalog.Cpu, backend, "the cpu outputs", null);
    });

    /// <summary>All cases run as one batch give the outputs they give one at a time, within tolerance; skipped when the model cannot batch.</summary>
    /// <param name="backend">The backend row.</param>
    protected void BatchMatchesSingles(string backend) => Check(backend, nameof(BatchMatchesSingles), run =>
    {
        var tolerance = Tolerance(run);
        using var model = OpenModel(backend, run);
        var batched = model.RunBatch();
        if (batched is null)
        {
            Assert.Skip($"{Spec.ModelName} cannot batch: {model.CannotBatchReason}");
        }

        Compare(run, model.RunEach(), batched, tolerance, ToleranceNote(), "single", "batched", "the single runs", null);
    });

    /// <summary>Two runs of every case give equal outputs within a hundredth of the tolerance.</summary>
    /// <param name="backend">The backend row.</param>
    protected void IsDeterministic(string backend) => Check(backend, nameof(IsDeterministic), run =>
    {
        var tolerance = Tolerance(run) / 100;
        using var model = OpenModel(backend, run);
        var first = model.RunEach();
        var second = model.RunEach();
        Compare(run, first, second, tolerance, $"({Spec.Precision} tolerance / 100)", "first run", "second run", "the first run's outputs", null);
    });

    // ---- running a check -------------------------------------------------------------------------------------------

    /// <summary>The state of one running check: what the report gets besides the outcome.</summary>
    protected sealed class CheckRun
    {
        internal CheckRun(string label, BackendGate gate)
        {
            Label = label;
            Gate = gate;
        }

        /// <summary>The row's label, e.g. <c>MiniLm[cpu].HasUnitNorm</c>; failure messages start with it.</summary>
        public string Label { get; }

        internal BackendGate Gate { get; }

        internal TimeSpan? LoadTime { get; set; }

        /// <summary>The largest differences per output, for the report.</summary>
        public IReadOnlyList<OutputDiff> Diffs { get; set; } = [];

        /// <summary>A short note the report shows for a passed check.</summary>
        public string? Note { get; set; }
    }

    /// <summary>
    /// Runs one check on one backend row and records its outcome for the report: the base of every check, the task checks
    /// of a derived class included. A <see cref="SkipException"/> skips the row, any other exception fails it.
    /// </summary>
    /// <param name="backend">The backend row.</param>
    /// <param name="check">The check's name, e.g. <c>HasUnitNorm</c>.</param>
    /// <param name="body">The check; open the model with <see cref="OpenModel"/>.</param>
    protected void Check(string backend, string check, Action<CheckRun> body)
    {
        ArgumentNullException.ThrowIfNull(backend);
        // Variants read "MiniLm.int8[cpu].MatchesGoldens", as their generated display names do.
        var label = $"{(Spec.Precision == "fp32" ? Spec.ModelName : Spec.ModelName + "." + Spec.Precision)}[{backend}].{check}";
        var stopwatch = Stopwatch.StartNew();
        CheckRun? run = null;
        try
        {
            run = new CheckRun(label, Gate(label));
            run.Gate.Enter(label, backend);
            body(run);
            Report(backend, check, MatrixOutcome.Passed, run.Note, stopwatch.Elapsed, run);
        }
        catch (SkipException ex)
        {
            Report(backend, check, MatrixOutcome.Skipped, SkipReason(ex), stopwatch.Elapsed, run);
            throw;
        }
        catch (Exception ex)
        {
            Report(backend, check, MatrixOutcome.Failed, ex is XunitException ? ex.Message : $"{label}: {ex.GetType().Name}: {ex.Message}", stopwatch.Elapsed, run);
            throw;
        }
    }

    private BackendGate Gate(string label)
    {
        try
        {
            return new BackendGate(Setting(BackendGate.AllowedSetting), Setting(BackendGate.RequiredSetting));
        }
        catch (ArgumentException ex)
        {
            Assert.Fail($"{label}: {ex.Message}");
            throw;
        }
    }

    private double Tolerance(CheckRun run)
    {
        try
        {
            return Spec.GetTolerance();
        }
        catch (InvalidOperationException ex)
        {
            Assert.Fail($"{run.Label}: {ex.Message}");
            throw;
        }
    }

    private void Report(string backend, string check, MatrixOutcome outcome, string? message, TimeSpan duration, CheckRun? run)
    {
        MatrixReport.Record(new MatrixCheckResult
        {
            Model = Spec.ModelName,
            ManifestPath = Spec.ManifestPath,
            Backend = backend,
            Check = check,
            Outcome = outcome,
            Message = message,
            Duration = duration,
            LoadTime = run?.LoadTime,
            Diffs = run?.Diffs ?? [],
            Precision = Spec.Precision,
            Backends = Spec.Backends,
        });
        var line = outcome switch
        {
            MatrixOutcome.Passed => $"{Spec.ModelName}[{backend}].{check}: passed" + (message is null ? string.Empty : $" ({message})"),
            MatrixOutcome.Skipped => $"{Spec.ModelName}[{backend}].{check}: skipped: {message}",
            _ => null,
        };
        if (line is not null)
        {
            var diffs = run?.Diffs is { Count: > 0 } d
                ? "; max |diff| " + string.Join(", ", d.Select(x => $"{x.Output} {Text.Diff(x.MaxAbsDiff)} (rel {Text.Diff(x.MaxRelDiff)})"))
                : string.Empty;
            TestContext.Current.TestOutputHelper?.WriteLine(line + diffs);
        }
    }

    /// <summary>Opens the model on exactly <paramref name="backend"/>: no CPU fallback, and a session on another backend fails the check.</summary>
    /// <param name="backend">The backend row.</param>
    /// <param name="run">The running check (the load time goes to the report; an absent backend skips it).</param>
    /// <returns>The model under test; dispose it.</returns>
    protected IModelUnderTest OpenModel(string backend, CheckRun run)
    {
        IModelUnderTest model;
        try
        {
            model = Open(backend, SessionOptions with { Backends = [backend], AllowCpuFallback = false });
        }
        catch (BackendUnavailableException ex)
        {
            run.Gate.Unavailable(run.Label, backend, string.Join("; ", ex.Reasons));
            throw;
        }

        if (!string.Equals(model.Session.Backend, backend, StringComparison.OrdinalIgnoreCase))
        {
            var actual = model.Session.Backend;
            model.Dispose();
            Assert.Fail($"{run.Label}: asked for {backend}, but the session runs on {actual}; matrix rows never fall back to another backend.");
        }

        run.LoadTime ??= model.Session.LoadTime;
        return model;
    }

    /// <summary>The cpu outputs of every case, computed once per model per process (the reference of the other rows).</summary>
    private IReadOnlyList<CaseOutputs> CpuReference(CheckRun run)
    {
        if (!run.Gate.IsAllowed(BackendCatalog.Cpu, out var excluded))
        {
            Assert.Skip($"the cpu row, the reference of the other rows, is {excluded}: allow cpu to compare with it");
        }

        var key = string.Join("|", GetType().AssemblyQualifiedName, Spec.ModelName, Spec.ManifestPath, Spec.Precision, Spec.ModelSha256);
        var lazy = CpuOutputs.GetOrAdd(key, _ => new Lazy<IReadOnlyList<CaseOutputs>>(() =>
        {
            IModelUnderTest model;
            try
            {
                model = Open(BackendCatalog.Cpu, SessionOptions with { Backends = [BackendCatalog.Cpu], AllowCpuFallback = false });
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"{Spec.ModelName} cannot be opened on the cpu, the reference of the other rows: {ex.Message}", ex);
            }

            using (model)
            {
                return model.RunEach();
            }
        }));
        try
        {
            return lazy.Value;
        }
        catch
        {
            CpuOutputs.TryRemove(new KeyValuePair<string, Lazy<IReadOnlyList<CaseOutputs>>>(key, lazy)); // let a later check retry
            throw;
        }
    }

    /// <summary>Writes the goldens for <paramref name="outputs"/> unless the file already has exactly that text.</summary>
    /// <returns>Whether the file was written.</returns>
    private bool Record(IReadOnlyList<CaseOutputs> outputs, string path)
    {
        var goldens = new GoldenFile(
            Spec.ModelName,
            new GoldenProvenance(BackendCatalog.Cpu, Versions.OnnxRuntime, Spec.ModelSha256, Spec.Precision, Versions.Tool),
            outputs);
        var text = goldens.ToJson();
        lock (GoldensLock)
        {
            if (File.Exists(path) && File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal) == text)
            {
                return false;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text, new UTF8Encoding(false));
            return true;
        }
    }

    private static void Compare(CheckRun run, IReadOnlyList<CaseOutputs> expected, IReadOnlyList<CaseOutputs> actual, double tolerance, string toleranceNote, string? expectedName, string? actualName, string referenceName, string? hint)
    {
        var result = OutputComparer.Compare(expected, actual, tolerance, toleranceNote, expectedName, actualName, referenceName);
        run.Diffs = result.Diffs;
        if (result.Problems.Count > 0)
        {
            var message = new StringBuilder(run.Label).Append(": ").Append(result.Problems[0]);
            foreach (var problem in result.Problems.Skip(1).Take(9))
            {
                message.Append("\n  also: ").Append(problem);
            }

            if (result.Problems.Count > 10)
            {
                message.Append(CultureInfo.InvariantCulture, $"\n  ... and {result.Problems.Count - 10} more");
            }

            if (hint is not null)
            {
                message.Append('\n').Append(hint);
            }

            Assert.Fail(message.ToString());
        }
    }

    private static void CompareSignature(string kind, IReadOnlyList<TensorContract> expected, IReadOnlyDictionary<string, NodeMetadata> actual, List<string> problems)
    {
        foreach (var contract in expected)
        {
            if (!actual.TryGetValue(contract.Name, out var metadata))
            {
                problems.Add($"{kind} '{contract.Name}' is missing (the model's {kind}s: {string.Join(", ", actual.Keys.Select(k => $"'{k}'"))})");
                continue;
            }

            var type = ElementTypeName(metadata);
            if (!string.Equals(type, contract.ElementType, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{kind} '{contract.Name}' has element type {type}, expected {contract.ElementType}");
            }

            var dims = metadata.IsTensor ? metadata.Dimensions : [];
            var symbols = metadata.IsTensor ? metadata.SymbolicDimensions : [];
            var shown = "[" + string.Join(", ", dims.Select((d, i) => d >= 0 ? d.ToString(CultureInfo.InvariantCulture) : string.IsNullOrEmpty(symbols[i]) ? "?" : symbols[i])) + "]";
            var wanted = "[" + string.Join(", ", contract.Dimensions) + "]";
            if (dims.Length != contract.Dimensions.Count)
            {
                problems.Add($"{kind} '{contract.Name}' has shape {shown}, expected {wanted} (rank {dims.Length.ToString(CultureInfo.InvariantCulture)}, expected {contract.Dimensions.Count.ToString(CultureInfo.InvariantCulture)})");
                continue;
            }

            for (var i = 0; i < dims.Length; i++)
            {
                if (long.TryParse(contract.Dimensions[i], NumberStyles.None, CultureInfo.InvariantCulture, out var size) && dims[i] != size)
                {
                    problems.Add($"{kind} '{contract.Name}' has shape {shown}, expected {wanted} (dimension {i.ToString(CultureInfo.InvariantCulture)} is {(dims[i] >= 0 ? dims[i].ToString(CultureInfo.InvariantCulture) : "dynamic")}, expected {size.ToString(CultureInfo.InvariantCulture)})");
                }
            }
        }

        var known = expected.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in actual.Keys.Where(k => !known.Contains(k)))
        {
            problems.Add($"{kind} '{extra}' is not in the signature the build saw");
        }
    }

    // ONNX TensorProto.DataType names, as the build writes them (TensorElementType values are those numbers).
    private static readonly string[] OnnxTypeNames =
    [
        "undefined", "float", "uint8", "int8", "uint16", "int16", "int32", "int64", "string", "bool",
        "float16", "double", "uint32", "uint64", "complex64", "complex128", "bfloat16",
        "float8e4m3fn", "float8e4m3fnuz", "float8e5m2", "float8e5m2fnuz", "uint4", "int4", "float4e2m1",
    ];

    private static string ElementTypeName(NodeMetadata metadata)
    {
        if (!metadata.IsTensor)
        {
            return metadata.OnnxValueType.ToString().Replace("ONNX_TYPE_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        }

        var number = (int)metadata.ElementDataType;
        return number >= 0 && number < OnnxTypeNames.Length ? OnnxTypeNames[number] : metadata.ElementDataType.ToString().ToLowerInvariant();
    }

    private string ToleranceNote() => $"({Spec.Precision})";

    private static bool IsCpu(string backend) => string.Equals(backend, BackendCatalog.Cpu, StringComparison.OrdinalIgnoreCase);

    private static bool IsTrue(string? value) =>
        value is not null && (value.Trim() == "1" || string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase));

    private static string Shown(string sha) => sha.Length > 0 ? sha : "(none)";

    // xunit v3 prefixes dynamic skip messages with a marker; the report wants the reason alone.
    private static string SkipReason(SkipException ex)
    {
        const string Marker = "$XunitDynamicSkip$";
        return ex.Message.StartsWith(Marker, StringComparison.Ordinal) ? ex.Message[Marker.Length..] : ex.Message;
    }
}
