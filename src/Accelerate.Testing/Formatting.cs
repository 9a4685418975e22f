using System.Globalization;
using System.Reflection;
using System.Text;

namespace Accelerate.Testing;

/// <summary>Invariant, deterministic formatting for failure messages, goldens and reports.</summary>
internal static class Shapes
{
    public static string Format(IReadOnlyList<long> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";

    /// <summary>The multi-dimensional index of flat element <paramref name="flat"/> in a row-major tensor.</summary>
    public static string Index(IReadOnlyList<long> shape, long flat)
    {
        var index = new long[shape.Count];
        for (var d = shape.Count - 1; d >= 0; d--)
        {
            var size = Math.Max(shape[d], 1);
            index[d] = flat % size;
            flat /= size;
        }

        return Format(index);
    }
}

/// <summary>Number and text formatting shared by messages and reports.</summary>
internal static class Text
{
    /// <summary>A value in a message: seven decimals in the usual range (<c>0.0123400</c>), seven significant digits outside it.</summary>
    public static string Value(double value) =>
        double.IsNaN(value) ? "NaN"
        : double.IsInfinity(value) ? (value > 0 ? "Infinity" : "-Infinity")
        : value == 0 || (Math.Abs(value) >= 1e-4 && Math.Abs(value) < 1e7) ? value.ToString("F7", CultureInfo.InvariantCulture)
        : value.ToString("G7", CultureInfo.InvariantCulture);

    /// <summary>A difference: two significant digits in scientific notation (<c>6.7e-04</c>).</summary>
    public static string Diff(double value) =>
        double.IsNaN(value) || double.IsPositiveInfinity(value) ? "∞" : value.ToString("0.0e+00", CultureInfo.InvariantCulture);

    /// <summary>A tolerance: as few digits as it needs (<c>1e-04</c>, <c>2.5e-03</c>).</summary>
    public static string Tolerance(double value) => value.ToString("0.##e+00", CultureInfo.InvariantCulture);

    /// <summary>A case label in quotes, shortened past 80 characters.</summary>
    public static string Quote(string label)
    {
        var text = label.Length > 80 ? label[..77] + "..." : label;
        var builder = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    public static string Milliseconds(TimeSpan time) =>
        time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";
}

/// <summary>Versions that go into goldens provenance and reports.</summary>
internal static class Versions
{
    /// <summary><c>Accelerate.Testing 0.1.0</c>: the package version without build metadata (a commit hash would change on every commit).</summary>
    public static string Tool { get; } = "Accelerate.Testing " + Informational(typeof(Versions).Assembly, stripMetadata: true);

    /// <summary>The ONNX Runtime managed assembly's informational version.</summary>
    public static string OnnxRuntime { get; } = Informational(typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly, stripMetadata: false);

    private static string Informational(Assembly assembly, bool stripMetadata)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return stripMetadata && plus >= 0 ? version[..plus] : version;
    }
}
