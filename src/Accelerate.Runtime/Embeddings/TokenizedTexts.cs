using System.Buffers;

namespace Accelerate.Runtime;

/// <summary>
/// The token ids of a list of texts, stored back to back in pooled memory, and the order that sorts the texts by
/// length (longest first) so that each batch is padded only as far as its own longest text.
/// </summary>
internal sealed class TokenizedTexts : IDisposable
{
    private long[] _ids;
    private readonly int[] _offsets;
    private readonly int[] _lengths;
    private readonly int[] _order;
    private readonly int _count;

    private TokenizedTexts(int count, int initialCapacity)
    {
        _count = count;
        _ids = ArrayPool<long>.Shared.Rent(initialCapacity);
        _offsets = ArrayPool<int>.Shared.Rent(count);
        _lengths = ArrayPool<int>.Shared.Rent(count);
        _order = ArrayPool<int>.Shared.Rent(count);
    }

    /// <summary>Text indices, longest text first.</summary>
    public ReadOnlySpan<int> Order => _order.AsSpan(0, _count);

    /// <summary>Tokenizes every text to at most <paramref name="maxLength"/> ids and sorts them by length.</summary>
    public static TokenizedTexts Create(ReadOnlySpan<string> texts, WordPieceTokenizer tokenizer, int maxLength)
    {
        // Most texts are far shorter than maxLength: start small and grow.
        var result = new TokenizedTexts(texts.Length, maxLength + ((texts.Length - 1) * Math.Min(64, maxLength)));
        var used = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            result.EnsureCapacity(used + maxLength, used);
            var length = tokenizer.Encode(texts[i], result._ids.AsSpan(used, maxLength));
            result._offsets[i] = used;
            result._lengths[i] = length;
            result._order[i] = i;
            used += length;
        }

        if (texts.Length > 1)
        {
            // Sort by negated length: Span.Sort with a key span needs no comparison delegate (no allocation).
            var keys = ArrayPool<int>.Shared.Rent(texts.Length);
            for (var i = 0; i < texts.Length; i++)
            {
                keys[i] = -result._lengths[i];
            }

            keys.AsSpan(0, texts.Length).Sort(result._order.AsSpan(0, texts.Length));
            ArrayPool<int>.Shared.Return(keys);
        }

        return result;
    }

    /// <summary>The ids of text <paramref name="index"/>, <c>[CLS]</c> to <c>[SEP]</c>.</summary>
    public ReadOnlySpan<long> Ids(int index) => _ids.AsSpan(_offsets[index], _lengths[index]);

    /// <summary>The number of ids of text <paramref name="index"/>.</summary>
    public int Length(int index) => _lengths[index];

    public void Dispose()
    {
        ArrayPool<long>.Shared.Return(_ids);
        ArrayPool<int>.Shared.Return(_offsets);
        ArrayPool<int>.Shared.Return(_lengths);
        ArrayPool<int>.Shared.Return(_order);
    }

    private void EnsureCapacity(int needed, int used)
    {
        if (_ids.Length >= needed)
        {
            return;
        }

        var larger = ArrayPool<long>.Shared.Rent(Math.Max(needed, _ids.Length * 2));
        _ids.AsSpan(0, used).CopyTo(larger);
        ArrayPool<long>.Shared.Return(_ids);
        _ids = larger;
    }
}
