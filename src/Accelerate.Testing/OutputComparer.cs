namespace Accelerate.Testing;

/// <summary>The largest differences of one output over every case of a check.</summary>
/// <param name="Output">The output name.</param>
/// <param name="MaxAbsDiff">The largest |actual − expected|.</param>
/// <param name="MaxRelDiff">The largest |actual − expected| / max(|actual|, |expected|) (0 where both are 0).</param>
public sealed record OutputDiff(string Output, double MaxAbsDiff, double MaxRelDiff);

/// <summary>Compares case outputs element by element with an absolute tolerance.</summary>
internal static class OutputComparer
{
    /// <summary>What a comparison found: one line per problem, worst first, and the per-output maxima for the report.</summary>
    public sealed record Result(IReadOnlyList<string> Problems, IReadOnlyList<OutputDiff> Diffs);

    /// <param name="expected">The reference outputs.</param>
    /// <param name="actual">The outputs under test.</param>
    /// <param name="tolerance">The largest allowed absolute difference.</param>
    /// <param name="toleranceNote">Follows the tolerance in messages, e.g. <c>(fp32)</c>.</param>
    /// <param name="expectedName">Names the reference in messages (<c>null</c>: plain "expected"), e.g. <c>cpu</c>.</param>
    /// <param name="actualName">Names what is tested in messages (<c>null</c>: plain "actual"), e.g. <c>cuda</c>.</param>
    /// <param name="referenceName">Names the reference in structural problems, e.g. <c>the goldens</c>.</param>
    public static Result Compare(IReadOnlyList<CaseOutputs> expected, IReadOnlyList<CaseOutputs> actual, double tolerance, string toleranceNote, string? expectedName, string? actualName, string referenceName)
    {
        var problems = new List<(double Severity, string Text)>();
        var diffs = new Dictionary<string, (double Abs, double Rel)>(StringComparer.Ordinal);
        var order = new List<string>();

        if (expected.Count != actual.Count || expected.Zip(actual).Any(p => p.First.Case != p.Second.Case))
        {
            problems.Add((double.PositiveInfinity,
                $"the cases differ from {referenceName}: {referenceName} have {Cases(expected)}, the model ran {Cases(actual)} (did the samples change?)"));
            return new Result([problems[0].Text], []);
        }

        for (var c = 0; c < actual.Count; c++)
        {
            var label = Text.Quote(actual[c].Case);
            var expectedOutputs = expected[c].Outputs.ToDictionary(o => o.Name, StringComparer.Ordinal);
            foreach (var output in actual[c].Outputs)
            {
                if (!expectedOutputs.Remove(output.Name, out var reference))
                {
                    problems.Add((double.PositiveInfinity, $"output '{output.Name}' of case {label} is not in {referenceName}"));
                    continue;
                }

                if (!reference.Shape.SequenceEqual(output.Shape) || reference.Values.Length != output.Values.Length)
                {
                    problems.Add((double.PositiveInfinity,
                        $"output '{output.Name}' of case {label} has shape {Shapes.Format(output.Shape)}, but {referenceName} have {Shapes.Format(reference.Shape)}"));
                    continue;
                }

                var (worstIndex, worstAbs, maxRel) = Largest(reference.Values, output.Values);
                if (!diffs.TryGetValue(output.Name, out var max))
                {
                    order.Add(output.Name);
                    max = (0, 0);
                }

                diffs[output.Name] = (Math.Max(max.Abs, worstAbs), Math.Max(max.Rel, maxRel));
                if (worstAbs > tolerance)
                {
                    var at = output.Shape.Length > 1 ? $"{worstIndex} {Shapes.Index(output.Shape, worstIndex)}" : worstIndex.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    problems.Add((worstAbs,
                        $"output '{output.Name}' of case {label} differs at element {at}: "
                        + $"expected{Name(expectedName)} {Text.Value(reference.Values[worstIndex])}, actual{Name(actualName)} {Text.Value(output.Values[worstIndex])}, "
                        + $"|diff| {Text.Diff(worstAbs)} > tolerance {Text.Tolerance(tolerance)} {toleranceNote}"));
                }
            }

            foreach (var missing in expectedOutputs.Keys)
            {
                problems.Add((double.PositiveInfinity, $"case {label} has no output '{missing}', but {referenceName} do"));
            }
        }

        return new Result(
            problems.OrderByDescending(p => p.Severity).Select(p => p.Text).ToArray(),
            order.Select(n => new OutputDiff(n, diffs[n].Abs, diffs[n].Rel)).ToArray());
    }

    /// <summary>The element with the largest absolute difference (NaN against a number counts as infinite), and the largest relative difference.</summary>
    public static (long Index, double Abs, double Rel) Largest(double[] expected, double[] actual)
    {
        long index = 0;
        double worst = 0, rel = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var diff = Difference(expected[i], actual[i]);
            if (diff > worst)
            {
                worst = diff;
                index = i;
            }

            var scale = Math.Max(Math.Abs(expected[i]), Math.Abs(actual[i]));
            if (diff > 0)
            {
                rel = Math.Max(rel, double.IsFinite(scale) && scale > 0 ? diff / scale : double.PositiveInfinity);
            }
        }

        return (index, worst, rel);
    }

    private static double Difference(double expected, double actual) =>
        expected.Equals(actual) ? 0 // also NaN = NaN and equal infinities
        : double.IsNaN(expected) || double.IsNaN(actual) || double.IsInfinity(expected) || double.IsInfinity(actual) ? double.PositiveInfinity
        : Math.Abs(actual - expected);

    private static string Name(string? name) => name is null ? string.Empty : $" ({name})";

    private static string Cases(IReadOnlyList<CaseOutputs> cases) =>
        cases.Count + " case" + (cases.Count == 1 ? string.Empty : "s") + " [" + string.Join(", ", cases.Select(c => Text.Quote(c.Case))) + "]";
}
