namespace Accelerate.Testing;

/// <summary>
/// Writes the matrix report when the test run ends. Generated test projects register it with
/// <c>[assembly: Xunit.AssemblyFixture(typeof(Accelerate.Testing.MatrixReportFixture))]</c>.
/// </summary>
public sealed class MatrixReportFixture : IDisposable
{
    private bool _disposed;

    /// <summary>The files the last <see cref="Dispose"/> wrote; <see langword="null"/> before that.</summary>
    public (string JsonPath, string MarkdownPath)? Written { get; private set; }

    /// <summary>Writes <c>test-matrix.json</c> and <c>test-matrix.md</c> to <see cref="MatrixReport.DefaultDirectory"/>.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Written = MatrixReport.Write();
    }
}
