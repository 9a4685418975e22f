namespace Accelerate.Results;

/// <summary>
/// The results file cannot be used with this version of Accelerate.Results: it was written by a newer version
/// (its schema version is higher than <see cref="ResultsStore.SchemaVersion"/>), or a migration failed.
/// </summary>
public sealed class ResultsSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what to do.</param>
    /// <param name="fileVersion">The file's schema version.</param>
    /// <param name="innerException">The cause, if any.</param>
    public ResultsSchemaException(string message, int fileVersion, Exception? innerException = null)
        : base(message, innerException)
    {
        FileVersion = fileVersion;
    }

    /// <summary>The schema version recorded in the file (before any failed migration).</summary>
    public int FileVersion { get; }
}
