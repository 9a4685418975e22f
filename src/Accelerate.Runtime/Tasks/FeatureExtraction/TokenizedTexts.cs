namespace Accelerate.Runtime;

/// <summary>
/// The token ids of a list of texts, stored back to back, and the order that sorts the texts by length (longest
/// first) so that each batch is padded only as far as its own longest text. Reusable: <see cref="Tokenize"/>
/// overwrites the previous texts and keeps the storage, which grows as needed, so a steady caller allocates nothing.
/// Not thread-safe: one instance belongs to one call at a time.
/// </summary>
internal sealed class TokenizedTexts
{
    private long[] _ids = [];
    private int[] _offsets = [];
    private int[] _lengths = [];
    private int[] _order = [];
    private int[] _keys = [];
    private int _count;

    /// <summary>Text indices, longest text first.</summary>
    public ReadOnlySpan<int> Order => _order.AsSpan(0, _count);

    /// <summary>Tokenizes every text to at most <paramref name="maxLength"/> ids and sorts them by length.</summary>
    public void Tokenize(ReadOnlySpan<string> texts, WordPieceTokenizer tokenizer, int maxLength)
    {
        _count = texts.Length;
        Grow(ref _offsets, texts.Length, 0);
        Grow(ref _lengths, texts.Length, 0);
        Grow(ref _order, texts.Length, 0);
        // Most texts are far shorter than maxLength: start small and grow.
        Grow(ref _ids, maxLength + ((texts.Length - 1) * Math.Min(64, maxLength)), 0);
        var used = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            Grow(ref _ids, used + maxLength, used);
            var length = tokenizer.Encode(texts[i], _ids.AsSpan(used, maxLength));
            _offsets[i] = used;
            _lengths[i] = length;
            _order[i] = i;
            used += length;
        }

        if (texts.Length > 1)
        {
            // Sort by negated length: Span.Sort with a key span needs no comparison delegate (no allocation).
            Grow(ref _keys, texts.Length, 0);
            for (var i = 0; i < texts.Length; i++)
            {
                _keys[i] = -_lengths[i];
            }

            _keys.AsSpan(0, texts.Length).Sort(_order.AsSpan(0, texts.Length));
        }
    }

    /// <summary>The ids of text <paramref name="index"/>, <c>[CLS]</c> to <c>[SEP]</c>.</summary>
    public ReadOnlySpan<long> Ids(int index) => _ids.AsSpan(_offsets[index], _lengths[index]);

    /// <summary>The number of ids of text <paramref name="index"/>.</summary>
    public int Length(int index) => _lengths[index];

    // Makes array hold at least `needed` elements, keeping the first `used`; at least doubles when it grows.
    private static void Grow<T>(ref T[] array, int needed, int used)
    {
        if (array.Length >= needed)
        {
            return;
        }

        var larger = new T[Math.Max(needed, array.Length * 2)];
        array.AsSpan(0, used).CopyTo(larger);
        array = larger;
    }
}
