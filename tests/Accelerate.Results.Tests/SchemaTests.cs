using DuckDB.NET.Data;

namespace Accelerate.Results.Tests;

public sealed class SchemaTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void Open_creates_the_file_the_tables_and_records_the_version()
    {
        using (var store = ResultsStore.Open(folder.StorePath))
        {
            Assert.Equal(folder.StorePath, store.Path);
            Assert.Equal(1, ResultsStore.SchemaVersion);
            Assert.Equal(1, store.FileSchemaVersion());
        }

        Assert.True(File.Exists(folder.StorePath));
        using var connection = Raw(folder.StorePath);
        Assert.Equal(
            ["benchmark_cases", "models", "runs", "schema_version", "test_results"],
            Strings(connection, "SELECT table_name FROM information_schema.tables ORDER BY table_name"));
        Assert.Equal(["1|runs, models, benchmark_cases, test_results"], Strings(connection, "SELECT version || '|' || description FROM schema_version"));
        Assert.Equal("DOUBLE[]", Strings(connection, "SELECT data_type FROM information_schema.columns WHERE table_name = 'benchmark_cases' AND column_name = 'measurements'").Single());
        Assert.Equal(
            ["run_id", "ordinal", "model", "method", "backend", "precision", "batch", "shape", "threads", "mean_ns", "median_ns", "p50_ns", "p90_ns", "p99_ns", "p999_ns", "stddev_ns", "allocated_bytes_per_op", "items_per_second", "tokens_per_second", "load_time_ms", "peak_rss_bytes", "measurements"],
            Strings(connection, "SELECT column_name FROM information_schema.columns WHERE table_name = 'benchmark_cases' ORDER BY ordinal_position"));
    }

    [Fact]
    public void Reopening_migrates_nothing_and_keeps_the_data()
    {
        Guid id;
        string appliedAt;
        using (var store = ResultsStore.Open(folder.StorePath))
        {
            id = store.AddRun(Data.Run(), Data.Models, Data.Cases(), []);
            appliedAt = store.Scalar("SELECT applied_at::VARCHAR FROM schema_version WHERE version = 1")!.ToString()!;
        }

        using (var store = ResultsStore.Open(folder.StorePath))
        {
            Assert.Equal(1, store.FileSchemaVersion());
            Assert.Equal(1L, store.Scalar("SELECT count(*) FROM schema_version"));
            Assert.Equal(appliedAt, store.Scalar("SELECT applied_at::VARCHAR FROM schema_version WHERE version = 1")!.ToString());
            Assert.Equal(id, Assert.Single(store.Runs()).Id);
            Assert.Equal(3, store.Cases(id).Count);
        }
    }

    [Fact]
    public void A_file_of_a_newer_schema_version_fails_clearly()
    {
        ResultsStore.Open(folder.StorePath).Dispose();
        using (var connection = Raw(folder.StorePath))
        {
            Execute(connection, "INSERT INTO schema_version VALUES (7, 'from the future', now())");
        }

        var e = Assert.Throws<ResultsSchemaException>(() => ResultsStore.Open(folder.StorePath));
        Assert.Equal(7, e.FileVersion);
        Assert.Contains("schema version 7", e.Message, StringComparison.Ordinal);
        Assert.Contains("knows versions up to 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("newer version", e.Message, StringComparison.Ordinal);
        Assert.Contains(folder.StorePath, e.Message, StringComparison.Ordinal);

        // The failed open released the file.
        using var again = Raw(folder.StorePath);
        Assert.Equal(["7"], Strings(again, "SELECT max(version)::VARCHAR FROM schema_version"));
    }

    [Fact]
    public void Pending_migrations_run_in_order_and_a_failing_one_changes_nothing()
    {
        var v1 = new Migration(1, "one", "CREATE TABLE a (x INTEGER)");
        var v2 = new Migration(2, "two", "CREATE TABLE b (y INTEGER); INSERT INTO a VALUES (1)");
        var v3 = new Migration(3, "three, broken", "CREATE TABLE c (z INTEGER); SELECT * FROM no_such_table");

        ResultsStore.Open(folder.StorePath, [v1]).Dispose();
        using (var store = ResultsStore.Open(folder.StorePath, [v1, v2]))
        {
            Assert.Equal(2, store.FileSchemaVersion());
            Assert.Equal(1L, store.Scalar("SELECT count(*) FROM a"));
        }

        var e = Assert.Throws<ResultsSchemaException>(() => ResultsStore.Open(folder.StorePath, [v1, v2, v3]));
        Assert.Equal(2, e.FileVersion);
        Assert.Contains("failed at version 3 (three, broken)", e.Message, StringComparison.Ordinal);
        using var connection = Raw(folder.StorePath);
        Assert.Equal(["2"], Strings(connection, "SELECT max(version)::VARCHAR FROM schema_version"));
        Assert.Empty(Strings(connection, "SELECT table_name FROM information_schema.tables WHERE table_name = 'c'"));
    }

    [Fact]
    public void DefaultPath_is_the_dot_accelerate_folder_of_the_project()
    {
        Assert.Equal(Path.Combine(folder.Path, ".accelerate", "results.duckdb"), ResultsStore.DefaultPath(folder.Path));
    }

    [Fact]
    public void A_file_that_is_not_a_database_fails_with_an_IOException()
    {
        var path = folder.File("not-a-db.duckdb");
        File.WriteAllText(path, "this is not a DuckDB file, just text that is long enough to have a header of sorts........");
        var e = Assert.Throws<IOException>(() => ResultsStore.Open(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    internal static DuckDBConnection Raw(string path)
    {
        var connection = new DuckDBConnection($"Data Source={path}");
        connection.Open();
        return connection;
    }

    internal static List<string> Strings(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(reader.GetValue(0).ToString()!);
        }

        return values;
    }

    internal static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
