using System.Globalization;
using System.Text;
using Accelerate.Results;
using Accelerate.Runtime;
using BdnCase = BenchmarkDotNet.Running.BenchmarkCase;

namespace Accelerate.Benchmarks;

/// <summary>
/// What the results store calls one BenchmarkDotNet case: model, method, backend, precision, batch, shape and threads,
/// read from the case's parameters by the conventions <see cref="ModelBenchmark"/> documents.
/// </summary>
internal sealed record CaseDescription(
    string Model,
    string Method,
    string? Backend,
    string Precision,
    int Batch,
    string Shape,
    int Threads,
    int? TokensPerItem)
{
    /// <summary>The method names generated classes use, and the stored method each maps to.</summary>
    public static IReadOnlyDictionary<string, string> Methods { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["Raw"] = BenchmarkMethods.Raw,
        ["EndToEnd"] = BenchmarkMethods.EndToEnd,
    };

    /// <summary>A short, stable description of the case for logs and failures.</summary>
    public string Display => string.Create(
        CultureInfo.InvariantCulture,
        $"{Model} {Method} {Backend ?? "?"} {Precision} batch={Batch} {Shape} threads={Threads}");

    /// <summary>Describes a BenchmarkDotNet case of a <see cref="ModelBenchmark"/> class.</summary>
    /// <param name="benchmarkCase">The case.</param>
    /// <param name="model">The model name (from <see cref="ModelBenchmark.Info"/>).</param>
    /// <returns>The description; <see cref="Backend"/> is null when the class has no <c>Backend</c> parameter.</returns>
    /// <exception cref="InvalidOperationException">The workload method is neither <c>Raw</c> nor <c>EndToEnd</c>.</exception>
    public static CaseDescription From(BdnCase benchmarkCase, string model)
    {
        var methodName = benchmarkCase.Descriptor.WorkloadMethod.Name;
        if (!Methods.TryGetValue(methodName, out var method))
        {
            throw new InvalidOperationException(
                $"{benchmarkCase.Descriptor.Type.Name}.{methodName}: a model benchmark's [Benchmark] methods must be named Raw or EndToEnd.");
        }

        string? backend = null;
        string precision = "fp32";
        int? batch = null, threads = null, sequence = null, imageSize = null, tokens = null;
        string? shapeText = null;
        var extras = new List<string>();
        foreach (var parameter in benchmarkCase.Parameters.Items)
        {
            var value = parameter.Value;
            switch (value)
            {
                case IBenchmarkShape shape:
                    batch = shape.Batch;
                    shapeText = shape.Text;
                    tokens = shape.TokensPerItem;
                    continue;
                case string s when Is(parameter.Name, "Backend"):
                    backend = BackendCatalog.Find(s)?.Name ?? s;
                    continue;
                case string s when Is(parameter.Name, "Precision"):
                    precision = s;
                    continue;
                case int n when Is(parameter.Name, "Batch") || Is(parameter.Name, "BatchSize"):
                    batch = n;
                    continue;
                case int n when Is(parameter.Name, "Threads"):
                    threads = n;
                    continue;
                case int n when Is(parameter.Name, "Sequence") || Is(parameter.Name, "SequenceLength"):
                    sequence = n;
                    continue;
                case int n when Is(parameter.Name, "ImageSize"):
                    imageSize = n;
                    continue;
                default:
                    extras.Add(string.Create(CultureInfo.InvariantCulture, $"{parameter.Name}={Format(value)}"));
                    continue;
            }
        }

        var text = new StringBuilder();
        if (shapeText is not null)
        {
            text.Append(shapeText);
        }
        else if (sequence is { } seq)
        {
            text.Append(CultureInfo.InvariantCulture, $"seq={seq}");
            tokens = seq;
        }
        else if (imageSize is { } size)
        {
            text.Append(CultureInfo.InvariantCulture, $"{size}x{size}");
        }

        foreach (var extra in extras)
        {
            text.Append(text.Length == 0 ? "" : " ").Append(extra);
        }

        return new CaseDescription(
            model,
            method,
            backend,
            precision,
            batch ?? 1,
            text.Length == 0 ? "default" : text.ToString(),
            threads ?? 0,
            tokens);
    }

    private static bool Is(string name, string expected) => string.Equals(name, expected, StringComparison.OrdinalIgnoreCase);

    private static string Format(object? value) => value switch
    {
        null => "null",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
