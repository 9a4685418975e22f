namespace Accelerate.Manifest.Diagnostics;

/// <summary>Turns character offsets of a text into <see cref="ManifestLocation"/>s (line starts computed once).</summary>
internal sealed class TextPositions
{
    private readonly List<int> _lineStarts = [0];
    private readonly int _length;
    private readonly bool _byteOrderMark;

    public TextPositions(string text)
    {
        _length = text.Length;
        _byteOrderMark = text.Length > 0 && text[0] == '\uFEFF';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            if (c is '\r' or '\n') _lineStarts.Add(i + 1);
        }
    }

    public ManifestLocation Span(int start, int length)
    {
        start = Math.Max(0, Math.Min(start, _length));
        length = Math.Max(0, Math.Min(length, _length - start));
        var (line, column) = LineColumn(start);
        var (endLine, endColumn) = LineColumn(start + length);
        return new ManifestLocation(start, length, line, column, endLine, endColumn);
    }

    /// <summary>Offset of a 0-based line/column pair (clamped to the text).</summary>
    public int Offset(int line, int column)
    {
        line = Math.Max(0, Math.Min(line, _lineStarts.Count - 1));
        return Math.Min(_lineStarts[line] + Math.Max(0, column), _length);
    }

    private (int Line, int Column) LineColumn(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = offset - _lineStarts[line];
        // A leading byte-order mark is invisible in editors: it does not count as a column.
        if (line == 0 && _byteOrderMark && column > 0) column--;
        return (line, column);
    }
}
