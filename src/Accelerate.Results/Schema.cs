namespace Accelerate.Results;

/// <summary>One step of the schema: applied once, in order, inside the transaction that records its version.</summary>
/// <param name="Version">The version the file has after this step (1, 2, ...).</param>
/// <param name="Description">What the step does (stored in <c>schema_version.description</c>).</param>
/// <param name="Sql">The statements, separated by semicolons.</param>
internal sealed record Migration(int Version, string Description, string Sql);

/// <summary>
/// The one schema of the results file, as an ordered list of migrations. A new version appends a migration here;
/// never edit a released one (files in the field were created by it).
/// </summary>
internal static class Schema
{
    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "runs, models, benchmark_cases, test_results", """
            CREATE TABLE runs (
                id              UUID PRIMARY KEY,
                kind            VARCHAR NOT NULL CHECK (kind IN ('benchmark', 'test')),
                git_commit      VARCHAR,
                git_branch      VARCHAR,
                git_dirty       BOOLEAN,
                machine         VARCHAR NOT NULL,
                os              VARCHAR NOT NULL,
                cpu_model       VARCHAR,
                cpu_flags       VARCHAR,
                cores           INTEGER NOT NULL,
                dotnet          VARCHAR NOT NULL,
                onnx_runtime    VARCHAR,
                package_version VARCHAR,
                profile         VARCHAR NOT NULL,
                started_at      TIMESTAMPTZ NOT NULL,
                finished_at     TIMESTAMPTZ,
                baseline_name   VARCHAR
            );
            CREATE TABLE models (
                run_id  UUID NOT NULL,
                ordinal INTEGER NOT NULL,
                name    VARCHAR NOT NULL,
                source  VARCHAR,
                sha256  VARCHAR,
                opset   INTEGER
            );
            CREATE TABLE benchmark_cases (
                run_id                 UUID NOT NULL,
                ordinal                INTEGER NOT NULL,
                model                  VARCHAR NOT NULL,
                method                 VARCHAR NOT NULL CHECK (method IN ('raw', 'end-to-end')),
                backend                VARCHAR NOT NULL,
                precision              VARCHAR NOT NULL,
                batch                  INTEGER NOT NULL,
                shape                  VARCHAR NOT NULL,
                threads                INTEGER NOT NULL,
                mean_ns                DOUBLE NOT NULL,
                median_ns              DOUBLE NOT NULL,
                p50_ns                 DOUBLE NOT NULL,
                p90_ns                 DOUBLE NOT NULL,
                p99_ns                 DOUBLE NOT NULL,
                p999_ns                DOUBLE NOT NULL,
                stddev_ns              DOUBLE NOT NULL,
                allocated_bytes_per_op BIGINT,
                items_per_second       DOUBLE NOT NULL,
                tokens_per_second      DOUBLE,
                load_time_ms           DOUBLE,
                peak_rss_bytes         BIGINT,
                measurements           DOUBLE[] NOT NULL
            );
            CREATE TABLE test_results (
                run_id       UUID NOT NULL,
                ordinal      INTEGER NOT NULL,
                model        VARCHAR NOT NULL,
                precision    VARCHAR NOT NULL,
                manifest     VARCHAR,
                backend      VARCHAR NOT NULL,
                check_name   VARCHAR NOT NULL,
                outcome      VARCHAR NOT NULL CHECK (outcome IN ('passed', 'failed', 'skipped')),
                message      VARCHAR,
                max_abs_diff DOUBLE,
                max_rel_diff DOUBLE,
                duration_ms  DOUBLE NOT NULL,
                load_time_ms DOUBLE
            );
            """),
    ];

    public static int CurrentVersion => Migrations[^1].Version;
}
