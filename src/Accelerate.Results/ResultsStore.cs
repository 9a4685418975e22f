using System.Data.Common;
using System.Globalization;
using DuckDB.NET.Data;

namespace Accelerate.Results;

/// <summary>
/// The results database: one DuckDB file holding every benchmark and test-matrix run of a project, in one versioned
/// schema (tables <c>schema_version</c>, <c>runs</c>, <c>models</c>, <c>benchmark_cases</c>, <c>test_results</c>;
/// see docs/reference/results-schema.md).
/// </summary>
/// <remarks>
/// <para>Each <see cref="AddRun"/> is one transaction, written with DuckDB Appenders: a process killed before the commit
/// leaves no trace of that run, every earlier run intact, and the file openable.</para>
/// <para>DuckDB lets one process at a time open a file for writing; a store holds the file from <see cref="Open(string)"/> to
/// <see cref="Dispose"/>, so open it for the duration of a run and dispose it promptly. An instance is not thread-safe.</para>
/// </remarks>
public sealed class ResultsStore : IDisposable
{
    /// <summary>The folder, under a project's directory, that holds its results file and reports: <c>.accelerate</c>.</summary>
    public const string DefaultFolderName = ".accelerate";

    /// <summary>The results file's name: <c>results.duckdb</c>.</summary>
    public const string DefaultFileName = "results.duckdb";

    private const string RunColumns =
        "id, kind, git_commit, git_branch, git_dirty, machine, os, cpu_model, cpu_flags, cores, dotnet, onnx_runtime, package_version, profile, started_at, finished_at, baseline_name";

    private const string CaseColumns =
        "model, method, backend, precision, batch, shape, threads, mean_ns, median_ns, p50_ns, p90_ns, p99_ns, p999_ns, stddev_ns, allocated_bytes_per_op, items_per_second, tokens_per_second, load_time_ms, peak_rss_bytes, measurements";

    private const string TestColumns =
        "model, precision, manifest, backend, check_name, outcome, message, max_abs_diff, max_rel_diff, duration_ms, load_time_ms";

    private readonly DuckDBConnection connection;

    private ResultsStore(string path, DuckDBConnection connection)
    {
        Path = path;
        this.connection = connection;
    }

    /// <summary>The schema version this library writes and reads.</summary>
    public static int SchemaVersion => Schema.CurrentVersion;

    /// <summary>The full path of the results file.</summary>
    public string Path { get; }

    /// <summary>Test hook: called inside <see cref="AddRun"/> after every row is appended, just before the commit.</summary>
    internal Action<Guid>? BeforeCommit { get; set; }

    /// <summary>
    /// The default results file of a project: <c>&lt;projectDirectory&gt;/.accelerate/results.duckdb</c>.
    /// </summary>
    /// <remarks>
    /// Beside the project rather than under <c>bin/</c> or <c>obj/</c>, because baselines and trends need the history
    /// to survive <c>dotnet clean</c> and deleted build folders; per project, because results are about that project's
    /// models and a file is opened by one process at a time; in a dot-folder that also holds the reports
    /// (<c>.accelerate/reports/&lt;run id&gt;/</c>), which a repository can ignore or keep as it likes. MSBuild passes
    /// <c>-p:AccelerateResultsPath=...</c> to use another file (for example one shared by a CI machine's jobs).
    /// </remarks>
    /// <param name="projectDirectory">The project's directory.</param>
    /// <returns>The path.</returns>
    public static string DefaultPath(string projectDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(projectDirectory);
        return System.IO.Path.Combine(System.IO.Path.GetFullPath(projectDirectory), DefaultFolderName, DefaultFileName);
    }

    /// <summary>
    /// Opens the results file, creating it (and its folder) when missing and bringing an older schema up to
    /// <see cref="SchemaVersion"/>: the pending migrations run in order in one transaction, so a failed migration
    /// changes nothing.
    /// </summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The open store.</returns>
    /// <exception cref="ResultsSchemaException">The file was written by a newer Accelerate.Results, or a migration failed.</exception>
    /// <exception cref="IOException">The file is open in another process, or it is not a DuckDB database.</exception>
    public static ResultsStore Open(string path) => Open(path, Schema.Migrations);

    internal static ResultsStore Open(string path, IReadOnlyList<Migration> migrations)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var connection = new DuckDBConnection(new DuckDBConnectionStringBuilder { DataSource = full }.ConnectionString);
        try
        {
            connection.Open();
        }
        catch (DuckDBException e)
        {
            connection.Dispose();
            var why = e.Message.Contains("lock", StringComparison.OrdinalIgnoreCase)
                ? "it is open in another process (DuckDB allows one writer process per file); wait for it to finish or use another -p:AccelerateResultsPath"
                : "it is not a DuckDB database this version can read";
            throw new IOException($"Cannot open the results file '{full}': {why}. {e.Message}", e);
        }

        var store = new ResultsStore(full, connection);
        try
        {
            store.Migrate(migrations);
            return store;
        }
        catch
        {
            store.Dispose();
            throw;
        }
    }

    /// <summary>The schema version recorded in the file.</summary>
    /// <returns>The version.</returns>
    public int FileSchemaVersion() => Convert.ToInt32(Scalar("SELECT coalesce(max(version), 0) FROM schema_version"), CultureInfo.InvariantCulture);

    /// <summary>
    /// Stores a run with its models, benchmark cases and test results, all in one transaction written with DuckDB
    /// Appenders: either all of it is in the file afterwards or (exception, crash, kill) none of it.
    /// </summary>
    /// <param name="run">The run; an empty <see cref="RunInfo.Id"/> gets a new id.</param>
    /// <param name="models">The models that took part.</param>
    /// <param name="cases">The benchmark cases (empty for a test run).</param>
    /// <param name="tests">The test-matrix results (empty for a benchmark run).</param>
    /// <returns>The run's id.</returns>
    public Guid AddRun(RunInfo run, IReadOnlyList<ModelInfo> models, IReadOnlyList<BenchmarkCase> cases, IReadOnlyList<TestResult> tests)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentNullException.ThrowIfNull(tests);
        Validate(run, cases, tests);
        var id = run.Id == Guid.Empty ? Guid.NewGuid() : run.Id;
        if (Convert.ToInt64(Scalar("SELECT count(*) FROM runs WHERE id = $id", ("id", id)), CultureInfo.InvariantCulture) > 0)
        {
            throw new ArgumentException($"Run {id} is already stored in '{Path}'.", nameof(run));
        }

        using var transaction = connection.BeginTransaction();
        using (var appender = connection.CreateAppender("runs"))
        {
            appender.CreateRow()
                .AppendValue(id)
                .AppendValue(run.Kind)
                .AppendValue(run.GitCommit)
                .AppendValue(run.GitBranch)
                .AppendValue(run.GitDirty)
                .AppendValue(run.Machine)
                .AppendValue(run.Os ?? "")
                .AppendValue(run.CpuModel)
                .AppendValue(run.CpuFlags)
                .AppendValue((int?)run.Cores)
                .AppendValue(run.Dotnet ?? "")
                .AppendValue(run.OnnxRuntime)
                .AppendValue(run.PackageVersion)
                .AppendValue(run.Profile)
                .AppendValue((DateTimeOffset?)run.StartedAt.ToUniversalTime())
                .AppendValue(run.FinishedAt?.ToUniversalTime())
                .AppendValue(run.BaselineName)
                .EndRow();
        }

        using (var appender = connection.CreateAppender("models"))
        {
            for (var i = 0; i < models.Count; i++)
            {
                var m = models[i];
                appender.CreateRow().AppendValue(id).AppendValue((int?)i).AppendValue(m.Name).AppendValue(m.Source).AppendValue(m.Sha256).AppendValue(m.Opset).EndRow();
            }
        }

        using (var appender = connection.CreateAppender("benchmark_cases"))
        {
            for (var i = 0; i < cases.Count; i++)
            {
                var c = cases[i];
                appender.CreateRow()
                    .AppendValue(id).AppendValue((int?)i)
                    .AppendValue(c.Model).AppendValue(c.Method).AppendValue(c.Backend).AppendValue(c.Precision)
                    .AppendValue((int?)c.Batch).AppendValue(c.Shape).AppendValue((int?)c.Threads)
                    .AppendValue((double?)c.MeanNs).AppendValue((double?)c.MedianNs).AppendValue((double?)c.P50Ns).AppendValue((double?)c.P90Ns)
                    .AppendValue((double?)c.P99Ns).AppendValue((double?)c.P999Ns).AppendValue((double?)c.StdDevNs)
                    .AppendValue(c.AllocatedBytesPerOp).AppendValue((double?)c.ItemsPerSecond).AppendValue(c.TokensPerSecond)
                    .AppendValue(c.LoadTimeMs).AppendValue(c.PeakRssBytes)
                    .AppendValue((IEnumerable<double>)(c.Measurements ?? []))
                    .EndRow();
            }
        }

        using (var appender = connection.CreateAppender("test_results"))
        {
            for (var i = 0; i < tests.Count; i++)
            {
                var t = tests[i];
                appender.CreateRow()
                    .AppendValue(id).AppendValue((int?)i)
                    .AppendValue(t.Model).AppendValue(t.Precision).AppendValue(t.Manifest).AppendValue(t.Backend).AppendValue(t.Check)
                    .AppendValue(t.Outcome).AppendValue(t.Message).AppendValue(t.MaxAbsDiff).AppendValue(t.MaxRelDiff)
                    .AppendValue((double?)t.DurationMs).AppendValue(t.LoadTimeMs)
                    .EndRow();
            }
        }

        BeforeCommit?.Invoke(id);
        transaction.Commit();
        return id;
    }

    /// <summary>
    /// Stores a test run from a hardware-matrix report (<c>test-matrix.json</c>, written by Accelerate.Testing's
    /// <c>MatrixReport</c>): one <see cref="TestResult"/> per check of each model's backend, the models it names, and the
    /// report's ONNX Runtime version when <paramref name="run"/> has none.
    /// </summary>
    /// <param name="testMatrixJsonPath">The report's path.</param>
    /// <param name="run">The run (usually <c>RunInfo.Capture(profile, RunKinds.Test)</c>).</param>
    /// <returns>The run's id.</returns>
    /// <exception cref="InvalidDataException">The file is not a matrix report of a known format version.</exception>
    public Guid ImportMatrixReport(string testMatrixJsonPath, RunInfo run)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(testMatrixJsonPath);
        ArgumentNullException.ThrowIfNull(run);
        var report = MatrixReportReader.Read(testMatrixJsonPath);
        var models = report.Results
            .Select(r => r.Model)
            .Distinct(StringComparer.Ordinal)
            .Select(name => new ModelInfo(name, Source: report.Results.First(r => r.Model == name).Manifest))
            .ToArray();
        return AddRun(run with { OnnxRuntime = run.OnnxRuntime ?? report.OnnxRuntime }, models, [], report.Results);
    }

    /// <summary>Stored runs, newest first (by start time).</summary>
    /// <param name="machine">Only this machine's runs, when given.</param>
    /// <param name="profile">Only this profile's runs, when given.</param>
    /// <param name="kind">Only runs of this kind, when given.</param>
    /// <param name="limit">At most this many, when given.</param>
    /// <returns>The runs.</returns>
    public IReadOnlyList<RunInfo> Runs(string? machine = null, string? profile = null, string? kind = null, int? limit = null)
    {
        var sql = $"""
            SELECT {RunColumns} FROM runs
            WHERE ($machine IS NULL OR machine = $machine) AND ($profile IS NULL OR profile = $profile) AND ($kind IS NULL OR kind = $kind)
            ORDER BY started_at DESC, id
            """;
        if (limit is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(limit));
            sql += " LIMIT " + l.ToString(CultureInfo.InvariantCulture);
        }

        return Query(sql, ReadRun, ("machine", machine), ("profile", profile), ("kind", kind));
    }

    /// <summary>One run by id.</summary>
    /// <param name="runId">The id.</param>
    /// <returns>The run, or null when the file has none with that id.</returns>
    public RunInfo? Run(Guid runId) => Query($"SELECT {RunColumns} FROM runs WHERE id = $id", ReadRun, ("id", runId)).FirstOrDefault();

    /// <summary>
    /// The newest run of <paramref name="kind"/> on <paramref name="machine"/> with <paramref name="profile"/> — the
    /// default baseline of the regression gate.
    /// </summary>
    /// <param name="machine">The machine.</param>
    /// <param name="profile">The profile.</param>
    /// <param name="before">When given, only runs that started before this run (which is itself excluded).</param>
    /// <param name="kind">The kind of run; benchmark runs by default.</param>
    /// <returns>The run, or null when there is none.</returns>
    /// <exception cref="ArgumentException"><paramref name="before"/> is not a stored run.</exception>
    public RunInfo? LatestRun(string machine, string profile, Guid? before = null, string kind = RunKinds.Benchmark)
    {
        ArgumentNullException.ThrowIfNull(machine);
        ArgumentNullException.ThrowIfNull(profile);
        DateTimeOffset? startedBefore = null;
        if (before is { } b)
        {
            startedBefore = (Run(b) ?? throw new ArgumentException($"Run {b} is not stored in '{Path}'.", nameof(before))).StartedAt;
        }

        return Query(
            $"""
            SELECT {RunColumns} FROM runs
            WHERE machine = $machine AND profile = $profile AND kind = $kind
              AND ($before IS NULL OR (started_at < $before AND id <> $exclude))
            ORDER BY started_at DESC, id LIMIT 1
            """,
            ReadRun,
            ("machine", machine),
            ("profile", profile),
            ("kind", kind),
            ("before", startedBefore),
            ("exclude", before ?? Guid.Empty)).FirstOrDefault();
    }

    /// <summary>The benchmark cases of a run, in the order they were added.</summary>
    /// <param name="runId">The run.</param>
    /// <returns>The cases (empty for an unknown run).</returns>
    public IReadOnlyList<BenchmarkCase> Cases(Guid runId) =>
        Query($"SELECT {CaseColumns} FROM benchmark_cases WHERE run_id = $id ORDER BY ordinal", ReadCase, ("id", runId));

    /// <summary>The test-matrix results of a run, in the order they were added.</summary>
    /// <param name="runId">The run.</param>
    /// <returns>The results (empty for an unknown run).</returns>
    public IReadOnlyList<TestResult> TestResults(Guid runId) =>
        Query($"SELECT {TestColumns} FROM test_results WHERE run_id = $id ORDER BY ordinal", ReadTest, ("id", runId));

    /// <summary>The models of a run, in the order they were added.</summary>
    /// <param name="runId">The run.</param>
    /// <returns>The models (empty for an unknown run).</returns>
    public IReadOnlyList<ModelInfo> Models(Guid runId) =>
        Query(
            "SELECT name, source, sha256, opset FROM models WHERE run_id = $id ORDER BY ordinal",
            r => new ModelInfo(r.GetString(0), NullableString(r, 1), NullableString(r, 2), r.IsDBNull(3) ? null : r.GetInt32(3)),
            ("id", runId));

    /// <summary>
    /// Names a run as a baseline (e.g. <c>release-1.2</c>). A name belongs to one run: giving it to another run takes it
    /// from the first; a run carries at most one name (a new one replaces the old).
    /// </summary>
    /// <param name="runId">The run.</param>
    /// <param name="name">The name.</param>
    /// <exception cref="ArgumentException">The run is not stored.</exception>
    public void SetBaseline(Guid runId, string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (Run(runId) is null)
        {
            throw new ArgumentException($"Run {runId} is not stored in '{Path}'.", nameof(runId));
        }

        using var transaction = connection.BeginTransaction();
        Execute("UPDATE runs SET baseline_name = NULL WHERE baseline_name = $name AND id <> $id", ("name", name), ("id", runId));
        Execute("UPDATE runs SET baseline_name = $name WHERE id = $id", ("name", name), ("id", runId));
        transaction.Commit();
    }

    /// <summary>The run named <paramref name="name"/> by <see cref="SetBaseline"/>.</summary>
    /// <param name="name">The name.</param>
    /// <returns>The run, or null when no run has that name.</returns>
    public RunInfo? Baseline(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Query($"SELECT {RunColumns} FROM runs WHERE baseline_name = $name ORDER BY started_at DESC LIMIT 1", ReadRun, ("name", name)).FirstOrDefault();
    }

    /// <summary>
    /// The run the regression gate compares <paramref name="runId"/> with: the run named <paramref name="baselineName"/>
    /// when given, else the newest earlier run of the same kind, machine and profile.
    /// </summary>
    /// <param name="runId">The run to compare.</param>
    /// <param name="baselineName">A baseline name, or null for the previous run.</param>
    /// <returns>The baseline run, or null when there is none (first run, or an unknown name).</returns>
    /// <exception cref="ArgumentException"><paramref name="runId"/> is not stored.</exception>
    public RunInfo? BaselineFor(Guid runId, string? baselineName = null)
    {
        var run = Run(runId) ?? throw new ArgumentException($"Run {runId} is not stored in '{Path}'.", nameof(runId));
        return baselineName is { Length: > 0 } ? Baseline(baselineName) : LatestRun(run.Machine, run.Profile, runId, run.Kind);
    }

    /// <summary>
    /// Writes the benchmark cases (with their run's facts in front: one row per case) of one run, or of every run, to
    /// a file with DuckDB's <c>COPY</c>.
    /// </summary>
    /// <param name="runId">The run, or null for every run.</param>
    /// <param name="path">The file to write (replaced when it exists; its folder is created).</param>
    /// <param name="format">CSV, JSON or Parquet.</param>
    public void Export(Guid? runId, string path, ExportFormat format) => Export(runId, path, format, ExportTable.BenchmarkCases);

    /// <summary>Writes one table's rows of one run, or of every run, to a file with DuckDB's <c>COPY</c>.</summary>
    /// <param name="runId">The run, or null for every run.</param>
    /// <param name="path">The file to write (replaced when it exists; its folder is created).</param>
    /// <param name="format">CSV, JSON or Parquet.</param>
    /// <param name="table">What to write.</param>
    public void Export(Guid? runId, string path, ExportFormat format, ExportTable table)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { Length: > 0 } directory)
        {
            Directory.CreateDirectory(directory);
        }

        // COPY takes no parameters: the id is a formatted Guid and the path a quoted literal.
        var where = runId is { } id ? $"WHERE r.id = '{id:D}'" : "";
        var runFacts = "r.id AS run_id, r.kind, r.git_commit, r.git_branch, r.git_dirty, r.machine, r.os, r.cpu_model, r.cores, r.dotnet, r.onnx_runtime, r.package_version, r.profile, r.started_at, r.baseline_name";
        var query = table switch
        {
            ExportTable.BenchmarkCases => $"SELECT {runFacts}, c.* EXCLUDE (run_id) FROM benchmark_cases c JOIN runs r ON r.id = c.run_id {where} ORDER BY r.started_at, c.run_id, c.ordinal",
            ExportTable.TestResults => $"SELECT {runFacts}, t.* EXCLUDE (run_id) FROM test_results t JOIN runs r ON r.id = t.run_id {where} ORDER BY r.started_at, t.run_id, t.ordinal",
            ExportTable.Runs => $"SELECT r.* FROM runs r {where} ORDER BY r.started_at, r.id",
            ExportTable.Models => $"SELECT m.* FROM models m JOIN runs r ON r.id = m.run_id {where} ORDER BY r.started_at, m.run_id, m.ordinal",
            _ => throw new ArgumentOutOfRangeException(nameof(table), table, null),
        };
        var options = format switch
        {
            ExportFormat.Csv => "FORMAT CSV, HEADER true",
            ExportFormat.Json => "FORMAT JSON, ARRAY true",
            ExportFormat.Parquet => "FORMAT PARQUET",
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
        };
        Execute($"COPY ({query}) TO '{full.Replace("'", "''", StringComparison.Ordinal)}' ({options})");
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => connection.Dispose();

    /// <summary>Runs a query the public API does not cover; for tests and tools. Parameters are <c>$name</c>.</summary>
    internal object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }

    private static void Validate(RunInfo run, IReadOnlyList<BenchmarkCase> cases, IReadOnlyList<TestResult> tests)
    {
        if (!RunKinds.IsKnown(run.Kind))
        {
            throw new ArgumentException($"Run kind '{run.Kind}' is not '{RunKinds.Benchmark}' or '{RunKinds.Test}'.", nameof(run));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(run.Machine, "run.Machine");
        ArgumentException.ThrowIfNullOrWhiteSpace(run.Profile, "run.Profile");
        foreach (var c in cases)
        {
            if (!BenchmarkMethods.IsKnown(c.Method))
            {
                throw new ArgumentException($"Case {c.Key}: method '{c.Method}' is not '{BenchmarkMethods.Raw}' or '{BenchmarkMethods.EndToEnd}'.", nameof(cases));
            }
        }

        foreach (var t in tests)
        {
            if (!TestOutcomes.IsKnown(t.Outcome))
            {
                throw new ArgumentException($"Test {t.Model}[{t.Backend}].{t.Check}: outcome '{t.Outcome}' is not passed, failed or skipped.", nameof(tests));
            }
        }
    }

    private static RunInfo ReadRun(DbDataReader r) => new()
    {
        Id = r.GetGuid(0),
        Kind = r.GetString(1),
        GitCommit = NullableString(r, 2),
        GitBranch = NullableString(r, 3),
        GitDirty = r.IsDBNull(4) ? null : r.GetBoolean(4),
        Machine = r.GetString(5),
        Os = r.GetString(6),
        CpuModel = NullableString(r, 7),
        CpuFlags = NullableString(r, 8),
        Cores = r.GetInt32(9),
        Dotnet = r.GetString(10),
        OnnxRuntime = NullableString(r, 11),
        PackageVersion = NullableString(r, 12),
        Profile = r.GetString(13),
        StartedAt = r.GetFieldValue<DateTimeOffset>(14),
        FinishedAt = r.IsDBNull(15) ? null : r.GetFieldValue<DateTimeOffset>(15),
        BaselineName = NullableString(r, 16),
    };

    private static BenchmarkCase ReadCase(DbDataReader r) => new()
    {
        Model = r.GetString(0),
        Method = r.GetString(1),
        Backend = r.GetString(2),
        Precision = r.GetString(3),
        Batch = r.GetInt32(4),
        Shape = r.GetString(5),
        Threads = r.GetInt32(6),
        MeanNs = r.GetDouble(7),
        MedianNs = r.GetDouble(8),
        P50Ns = r.GetDouble(9),
        P90Ns = r.GetDouble(10),
        P99Ns = r.GetDouble(11),
        P999Ns = r.GetDouble(12),
        StdDevNs = r.GetDouble(13),
        AllocatedBytesPerOp = r.IsDBNull(14) ? null : r.GetInt64(14),
        ItemsPerSecond = r.GetDouble(15),
        TokensPerSecond = NullableDouble(r, 16),
        LoadTimeMs = NullableDouble(r, 17),
        PeakRssBytes = r.IsDBNull(18) ? null : r.GetInt64(18),
        Measurements = r.IsDBNull(19) ? [] : r.GetFieldValue<List<double>>(19),
    };

    private static TestResult ReadTest(DbDataReader r) => new()
    {
        Model = r.GetString(0),
        Precision = r.GetString(1),
        Manifest = NullableString(r, 2),
        Backend = r.GetString(3),
        Check = r.GetString(4),
        Outcome = r.GetString(5),
        Message = NullableString(r, 6),
        MaxAbsDiff = NullableDouble(r, 7),
        MaxRelDiff = NullableDouble(r, 8),
        DurationMs = r.GetDouble(9),
        LoadTimeMs = NullableDouble(r, 10),
    };

    private static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static double? NullableDouble(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private void Migrate(IReadOnlyList<Migration> migrations)
    {
        Execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, description VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL)");
        var version = FileSchemaVersion();
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        if (version > latest)
        {
            throw new ResultsSchemaException(
                $"The results file '{Path}' has schema version {version}, but this Accelerate.Results ({MachineFacts.PackageVersion}) knows versions up to {latest}: " +
                "it was written by a newer version. Update the Accelerate packages, or point -p:AccelerateResultsPath at another file.",
                version);
        }

        var pending = migrations.Where(m => m.Version > version).OrderBy(m => m.Version).ToArray();
        if (pending.Length == 0)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();
        var step = pending[0];
        try
        {
            foreach (var migration in pending)
            {
                step = migration;
                Execute(migration.Sql);
                Execute(
                    "INSERT INTO schema_version VALUES ($version, $description, $at)",
                    ("version", migration.Version),
                    ("description", migration.Description),
                    ("at", MachineFacts.TruncateToMicroseconds(DateTimeOffset.UtcNow)));
            }

            transaction.Commit();
        }
        catch (DuckDBException e)
        {
            transaction.Rollback();
            throw new ResultsSchemaException(
                $"Migrating the results file '{Path}' from schema version {version} failed at version {step.Version} ({step.Description}); the file is unchanged. {e.Message}",
                version,
                e);
        }
    }

    private List<T> Query<T>(string sql, Func<DbDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    private void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        command.ExecuteNonQuery();
    }

    private DuckDBCommand Command(string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new DuckDBParameter(name, value ?? DBNull.Value));
        }

        return command;
    }
}
