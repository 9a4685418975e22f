using System.Globalization;
using Accelerate.Runtime;
using Accelerate.Testing.Tests.Support;
using Xunit.Sdk;

namespace Accelerate.Testing.Tests;

/// <summary>Recording and comparing goldens with the real MiniLM, through the same base class the generated tests use.</summary>
public sealed class GoldensTests : IDisposable
{
    private static readonly Dictionary<string, string> Update = new() { ["AccelerateUpdateGoldens"] = "true" };
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void UpdateModeRecordsGoldensBesideTheManifestAndThenTheyMatch()
    {
        var spec = Models.MiniLm(_folder.Path);
        var recorder = new MiniLmMatrix(spec, Update);
        Assert.True(recorder.UpdateGoldens);
        Assert.Equal(Path.Combine(_folder.Path, "MiniLm.goldens.json"), spec.GoldensPath);

        recorder.RecordGoldens("cpu");

        var text = File.ReadAllText(spec.GoldensPath);
        var goldens = GoldenFile.Parse(text);
        Assert.Equal("MiniLm", goldens.Model);
        Assert.Equal(new GoldenProvenance("cpu", goldens.Provenance.OnnxRuntime, Models.MiniLmSha256, "fp32", "Accelerate.Testing 0.1.0"), goldens.Provenance);
        Assert.StartsWith("1.31.1", goldens.Provenance.OnnxRuntime, StringComparison.Ordinal);
        Assert.Equal(MiniLmMatrix.Samples, goldens.Cases.Select(c => c.Case));
        Assert.All(goldens.Cases, c =>
        {
            var output = Assert.Single(c.Outputs);
            Assert.Equal("embedding", output.Name);
            Assert.Equal([384L], output.Shape);
            Assert.Equal(384, output.Values.Length);
            Assert.Equal(1.0, Math.Sqrt(output.Values.Sum(v => v * v)), 5);
        });
        Assert.DoesNotContain("recordedAt", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", text, StringComparison.Ordinal);
        Assert.EndsWith("\n", text, StringComparison.Ordinal);

        // Outside update mode the same outputs match what was recorded.
        var checker = new MiniLmMatrix(spec);
        Assert.False(checker.UpdateGoldens);
        checker.RunMatchesGoldens("cpu");
        var result = MatrixReport.Results.Last(r => r.ManifestPath == spec.ManifestPath && r.Check == "MatchesGoldens");
        Assert.Equal(MatrixOutcome.Passed, result.Outcome);
        var diff = Assert.Single(result.Diffs);
        Assert.Equal("embedding", diff.Output);
        Assert.InRange(diff.MaxAbsDiff, 0, 1e-7); // only the 7-significant-digit rounding of the file
    }

    [Fact]
    public void RecordingTwiceLeavesTheFileByteIdenticalAndUntouched()
    {
        var spec = Models.MiniLm(_folder.Path);
        new MiniLmMatrix(spec, Update).RecordGoldens("cpu");
        var first = File.ReadAllBytes(spec.GoldensPath);
        var stamp = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(spec.GoldensPath, stamp);

        new MiniLmMatrix(spec, Update).RecordGoldens("cpu");

        Assert.Equal(first, File.ReadAllBytes(spec.GoldensPath));
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(spec.GoldensPath)); // not rewritten at all
        Assert.Contains("goldens unchanged", MatrixReport.Results.Last(r => r.ManifestPath == spec.ManifestPath).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GoldensAreHumanDiffableEightValuesPerLineRoundedToSevenSignificantDigits()
    {
        var spec = Models.MiniLm(_folder.Path);
        new MiniLmMatrix(spec, Update).RecordGoldens("cpu");
        var lines = File.ReadAllLines(spec.GoldensPath);

        Assert.Equal("{", lines[0]);
        Assert.Equal("  \"model\": \"MiniLm\",", lines[1]);
        Assert.Contains("      \"case\": \"It's so sunny outside!\",", lines); // no \u0027 escapes
        Assert.Contains("          \"shape\": [384],", lines);
        var valueLines = lines.Where(l => l.StartsWith("            ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(3 * 384 / 8, valueLines.Length);
        Assert.All(valueLines, l =>
        {
            var values = l.Trim().TrimEnd(',').Split(", ");
            Assert.Equal(8, values.Length);
            Assert.All(values, v => Assert.True(Significant(v) <= 7, v));
        });
    }

    [Fact]
    public void APerturbedGoldenFailsWithModelBackendCaseOutputIndexExpectedActualAndTolerance()
    {
        var spec = Models.MiniLm(_folder.Path);
        new MiniLmMatrix(spec, Update).RecordGoldens("cpu");
        var goldens = GoldenFile.Load(spec.GoldensPath);
        double actual;
        using (var model = new MiniLmModel(AccelerateSessionOptions.Default with { Backends = ["cpu"] }))
        {
            actual = model.Embed(MiniLmMatrix.Samples[2])[17];
        }

        var perturbed = goldens with
        {
            Cases = goldens.Cases.Select((c, i) => i != 2 ? c : c with
            {
                Outputs = [c.Outputs[0] with { Values = c.Outputs[0].Values.Select((v, j) => j == 17 ? v + 0.01 : v).ToArray() }],
            }).ToArray(),
        };
        File.WriteAllText(spec.GoldensPath, perturbed.ToJson());
        var expected = GoldenFile.Load(spec.GoldensPath).Cases[2].Outputs[0].Values[17];

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(spec).RunMatchesGoldens("cpu"));

        var firstLine = failure.Message.Split('\n')[0];
        Assert.Equal(
            "MiniLm[cpu].MatchesGoldens: output 'embedding' of case \"He drove to the stadium.\" differs at element 17: "
            + $"expected {expected.ToString("F7", CultureInfo.InvariantCulture)}, actual {actual.ToString("F7", CultureInfo.InvariantCulture)}, "
            + "|diff| 1.0e-02 > tolerance 1e-04 (fp32)",
            firstLine);
        Assert.DoesNotContain("also:", failure.Message, StringComparison.Ordinal); // only the perturbed case and output
        Assert.Contains(spec.GoldensPath, failure.Message, StringComparison.Ordinal);
        Assert.Contains("-p:AccelerateUpdateGoldens=true", failure.Message, StringComparison.Ordinal);

        var recorded = MatrixReport.Results.Last(r => r.ManifestPath == spec.ManifestPath);
        Assert.Equal(MatrixOutcome.Failed, recorded.Outcome);
        Assert.Equal(failure.Message, recorded.Message);
        Assert.Equal(0.01, Assert.Single(recorded.Diffs).MaxAbsDiff, 6);
    }

    [Fact]
    public void MissingGoldensFailWithHowToRecordThem()
    {
        var spec = Models.MiniLm(_folder.Path);

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(spec).RunMatchesGoldens("cpu"));

        Assert.Equal(
            $"MiniLm[cpu].MatchesGoldens: No goldens for MiniLm at {spec.GoldensPath}: record them with `dotnet test -p:AccelerateUpdateGoldens=true` (or ACCELERATE_UPDATE_GOLDENS=1).",
            failure.Message);
        Assert.False(File.Exists(spec.GoldensPath));
    }

    [Fact]
    public void GoldensOfAnotherModelFailSayingTheModelChanged()
    {
        var spec = Models.MiniLm(_folder.Path) with { ModelSha256 = new string('a', 64) };
        new MiniLmMatrix(spec, Update).RecordGoldens("cpu");

        var current = spec with { ModelSha256 = Models.MiniLmSha256 };
        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(current).RunMatchesGoldens("cpu"));

        Assert.StartsWith("MiniLm[cpu].MatchesGoldens: the model changed", failure.Message, StringComparison.Ordinal);
        Assert.Contains(new string('a', 64), failure.Message, StringComparison.Ordinal);
        Assert.Contains(Models.MiniLmSha256, failure.Message, StringComparison.Ordinal);
        Assert.Contains("dotnet test -p:AccelerateUpdateGoldens=true", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AShapeMismatchNamesTheOutputAndBothShapes()
    {
        var spec = Models.MiniLm(_folder.Path);
        new MiniLmMatrix(spec, Update).RecordGoldens("cpu");
        var goldens = GoldenFile.Load(spec.GoldensPath);
        var wider = goldens with
        {
            Cases = goldens.Cases.Select(c => c with { Outputs = [c.Outputs[0] with { Shape = [385], Values = [.. c.Outputs[0].Values, 0] }] }).ToArray(),
        };
        File.WriteAllText(spec.GoldensPath, wider.ToJson());

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(spec).RunMatchesGoldens("cpu"));

        Assert.StartsWith(
            "MiniLm[cpu].MatchesGoldens: output 'embedding' of case \"The weather is lovely today.\" has shape [384], but the goldens have [385]",
            failure.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ChangedSamplesFailNamingBothCaseLists()
    {
        var spec = Models.MiniLm(_folder.Path);
        new MiniLmMatrix(spec, Update).RecordGoldens("cpu");
        var goldens = GoldenFile.Load(spec.GoldensPath);
        File.WriteAllText(spec.GoldensPath, (goldens with { Cases = goldens.Cases.Take(2).ToArray() }).ToJson());

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(spec).RunMatchesGoldens("cpu"));

        Assert.Contains("the cases differ from the goldens: the goldens have 2 cases", failure.Message, StringComparison.Ordinal);
        Assert.Contains("the model ran 3 cases", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableGoldensFileFailsSayingWhere()
    {
        var spec = Models.MiniLm(_folder.Path);
        File.WriteAllText(spec.GoldensPath, "{ \"model\": ");

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(spec).RunMatchesGoldens("cpu"));

        Assert.StartsWith($"MiniLm[cpu].MatchesGoldens: The goldens file {spec.GoldensPath} cannot be read:", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APrecisionVariantHasItsOwnGoldensAndNeedsItsOwnTolerance()
    {
        var spec = Models.MiniLm(_folder.Path) with { Precision = "int8" };
        Assert.Equal(Path.Combine(_folder.Path, "MiniLm.int8.goldens.json"), spec.GoldensPath);

        var failure = Assert.Throws<FailException>(() => new MiniLmMatrix(spec, Update).RunMatchesGoldens("cpu"));

        Assert.Equal(
            $"MiniLm.int8[cpu].MatchesGoldens: MiniLm has no tolerance for precision 'int8': add \"tests\": {{ \"tolerance\": {{ \"int8\": ... }} }} to {spec.ManifestPath}.",
            failure.Message);
        Assert.False(File.Exists(spec.GoldensPath));

        new MiniLmMatrix(spec with { Tolerances = new Dictionary<string, double> { ["int8"] = 0.05 } }, Update).RecordGoldens("cpu");
        Assert.Equal("int8", GoldenFile.Load(spec.GoldensPath).Provenance.Precision);
    }

    [Theory]
    [InlineData(0.123456789, "0.1234568")]
    [InlineData(-0.0360758125, "-0.03607581")]
    [InlineData(1.5e-9, "1.5E-09")]
    [InlineData(-0.0, "0")]
    [InlineData(3.0, "3")]
    [InlineData(123456789.0, "123456789")]
    [InlineData(1234567.89, "1234568")]
    [InlineData(double.NaN, "\"NaN\"")]
    [InlineData(double.NegativeInfinity, "\"-Infinity\"")]
    public void ValuesAreWrittenDeterministically(double value, string expected)
    {
        Assert.Equal(expected, GoldenFile.FormatValue(value));
    }

    [Fact]
    public void TheTextRoundTripsIncludingSpecialValues()
    {
        var file = new GoldenFile(
            "M",
            new GoldenProvenance("cpu", "1.31.1", "abc", "fp32", "Accelerate.Testing 0.1.0"),
            [new CaseOutputs("say \"hi\"\n", [new NamedTensor("y", [2, 5], [1, 0.5, double.NaN, double.PositiveInfinity, -2.25, 1e-12, 7, 8, 9, 10])])]);

        var text = file.ToJson();
        var parsed = GoldenFile.Parse(text);

        Assert.Equal(text, parsed.ToJson());
        Assert.Equal("say \"hi\"\n", parsed.Cases[0].Case);
        Assert.Equal([2L, 5], parsed.Cases[0].Outputs[0].Shape);
        Assert.True(double.IsNaN(parsed.Cases[0].Outputs[0].Values[2]));
        Assert.Equal(double.PositiveInfinity, parsed.Cases[0].Outputs[0].Values[3]);
        Assert.Contains("\n            1, 0.5, \"NaN\", \"Infinity\", -2.25, 1E-12, 7, 8,\n            9, 10\n", text, StringComparison.Ordinal);
    }

    private static int Significant(string number)
    {
        var mantissa = number.Split('E')[0].TrimStart('-').Replace(".", string.Empty, StringComparison.Ordinal).TrimStart('0');
        return mantissa.Length;
    }
}
