using System.Globalization;
using Accelerate.Results;

namespace Accelerate.Benchmarks;

/// <summary>The command line of <see cref="BenchmarkHost.Run"/>, parsed. Immutable.</summary>
internal sealed record HostOptions
{
    public const string Usage = """
        Runs the generated benchmark suites of this assembly.
          --profile quick|default|thorough   how long to measure (default: default)
          --results <path>                   the results DuckDB file (default: <project>/.accelerate/results.duckdb)
          --baseline <name>                  compare with the run named so (default: the history of this testbed, see --persistence-runs)
          --save-baseline <name>             give this run a baseline name afterwards
          --threshold <fraction>             relative change of the median that counts (default 0.05)
          --persistence-runs <n>             history: a change must hold over the last n runs (default 3)
          --compare-build <assembly>         also measure this build of the benchmarks (the baseline) in the same run, interleaved, and gate on that
          --compare-label <text>             what --compare-build is (a git ref and commit), for the reports
          --same-run-threshold <fraction>    relative change that counts in the same-run comparison (default 0.05)
          --same-run-only                    with --compare-build: only the interleaved comparison (no BenchmarkDotNet, nothing stored)
          --artifacts <dir>                  BenchmarkDotNet's artifacts folder (default: <project>/BenchmarkDotNet.Artifacts)
          --reports <dir>                    where report.md/report.html go (default: <results folder>/reports/<run id>)
          --summary <path>                   write the verdicts as JSON (for the AccelerateBenchmark target)
          --filter <glob>                    only benchmarks whose Namespace.Type.Method matches (repeatable)
          --project <dir>                    the project directory (default: the current directory)
          --fail-on-regression               exit with 3 when a case is Slower
        Exit codes: 0 done; 1 a case or the run failed; 2 bad arguments; 3 a regression with --fail-on-regression.
        """;

    public BenchmarkProfile Profile { get; init; } = BenchmarkProfile.Default;

    public string ProjectDirectory { get; init; } = Environment.CurrentDirectory;

    public string? ResultsPath { get; init; }

    public string? Baseline { get; init; }

    public string? SaveBaseline { get; init; }

    public double Threshold { get; init; } = GateOptions.Default.Threshold;

    public int PersistenceRuns { get; init; } = GateOptions.Default.PersistenceRuns;

    public string? CompareBuild { get; init; }

    public string? CompareLabel { get; init; }

    public double SameRunThreshold { get; init; } = GateOptions.Default.Threshold;

    public bool SameRunOnly { get; init; }

    /// <summary>Serve as a same-run worker (<see cref="SameRun.SameRunWorker"/>) instead of measuring; internal to <c>--compare-build</c>.</summary>
    public bool Worker { get; init; }

    public string? ArtifactsPath { get; init; }

    public string? ReportsPath { get; init; }

    public string? SummaryPath { get; init; }

    public IReadOnlyList<string> Filters { get; init; } = [];

    public bool FailOnRegression { get; init; }

    public string EffectiveResultsPath => Path.GetFullPath(ResultsPath ?? ResultsStore.DefaultPath(ProjectDirectory));

    public string EffectiveArtifactsPath => Path.GetFullPath(ArtifactsPath ?? Path.Combine(ProjectDirectory, "BenchmarkDotNet.Artifacts"));

    /// <summary>Parses the arguments.</summary>
    /// <exception cref="ArgumentException">An unknown option, a missing value, an unknown profile or a bad threshold.</exception>
    public static HostOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new HostOptions();
        var filters = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inline = arg[(equals + 1)..];
                arg = arg[..equals];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count || string.IsNullOrWhiteSpace(args[i + 1]))
                {
                    throw new ArgumentException($"Option {arg} needs a value.");
                }

                return args[++i];
            }

            switch (arg.ToLowerInvariant())
            {
                case "--profile":
                    options = options with { Profile = BenchmarkProfile.Parse(Value()) };
                    break;
                case "--results":
                    options = options with { ResultsPath = Value() };
                    break;
                case "--baseline":
                    options = options with { Baseline = Value() };
                    break;
                case "--save-baseline":
                    options = options with { SaveBaseline = Value() };
                    break;
                case "--threshold":
                    options = options with { Threshold = Fraction(arg, Value()) };
                    break;
                case "--same-run-threshold":
                    options = options with { SameRunThreshold = Fraction(arg, Value()) };
                    break;
                case "--persistence-runs":
                    var runs = Value();
                    options = options with
                    {
                        PersistenceRuns = int.TryParse(runs, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
                            ? n
                            : throw new ArgumentException($"--persistence-runs {runs}: expected a whole number ≥ 1."),
                    };
                    break;
                case "--compare-build":
                    options = options with { CompareBuild = Path.GetFullPath(Value()) };
                    break;
                case "--compare-label":
                    options = options with { CompareLabel = Value() };
                    break;
                case "--same-run-only":
                    options = options with { SameRunOnly = true };
                    break;
                case "--worker":
                    options = options with { Worker = true };
                    break;
                case "--artifacts":
                    options = options with { ArtifactsPath = Value() };
                    break;
                case "--reports":
                    options = options with { ReportsPath = Value() };
                    break;
                case "--summary":
                    options = options with { SummaryPath = Value() };
                    break;
                case "--filter":
                    filters.Add(Value());
                    break;
                case "--project":
                    options = options with { ProjectDirectory = Path.GetFullPath(Value()) };
                    break;
                case "--fail-on-regression":
                    if (inline is not null)
                    {
                        options = options with { FailOnRegression = bool.TryParse(inline, out var fail) ? fail : throw new ArgumentException($"--fail-on-regression={inline}: expected true or false.") };
                    }
                    else
                    {
                        options = options with { FailOnRegression = true };
                    }

                    break;
                default:
                    throw new ArgumentException($"Unknown option '{args[i]}'.");
            }
        }

        return options with { Filters = filters };
    }

    private static double Fraction(string option, string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && !double.IsInfinity(value)
            ? value
            : throw new ArgumentException($"{option} {text}: expected a fraction ≥ 0 such as 0.05 (5%).");
}
