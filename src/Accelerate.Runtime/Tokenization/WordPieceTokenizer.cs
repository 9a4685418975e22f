using FastBertTokenizer;

namespace Accelerate.Runtime;

/// <summary>
/// BERT WordPiece tokenisation as Hugging Face's BertTokenizer(Fast) does it: text cleanup, lowercasing and accent
/// stripping (uncased vocabularies), CJK and punctuation splitting, greedy longest-match word pieces, and
/// <c>[CLS] … [SEP]</c> with truncation that keeps the final <c>[SEP]</c>. Thread-safe.
/// </summary>
/// <remarks>
/// Special tokens written in the text itself ("[SEP]", "[MASK]") are tokenised as ordinary text, whereas Hugging Face
/// maps them to their special ids.
/// </remarks>
public sealed class WordPieceTokenizer
{
    // FastBertTokenizer reuses internal buffers across calls, so one instance must not encode on two threads at once.
    // Tokenising takes microseconds against milliseconds of inference, so a lock costs less than a pool of copies of the vocabulary.
    private readonly BertTokenizer _inner;
    private readonly object _gate = new();
    private readonly bool _lowercase;
    private long[] _maskScratch = new long[512];
    private long[] _segmentScratch = new long[512];

    private WordPieceTokenizer(BertTokenizer inner, bool lowercase, IReadOnlyDictionary<string, long> specialIds, int vocabularySize)
    {
        _inner = inner;
        _lowercase = lowercase;
        ClsId = specialIds["[CLS]"];
        SepId = specialIds["[SEP]"];
        PadId = specialIds["[PAD]"];
        UnknownId = specialIds["[UNK]"];
        VocabularySize = vocabularySize;
    }

    /// <summary>The id of <c>[CLS]</c>, the first token of every encoding.</summary>
    public long ClsId { get; }

    /// <summary>The id of <c>[SEP]</c>, the last token of every encoding.</summary>
    public long SepId { get; }

    /// <summary>The id of <c>[PAD]</c>, which fills positions after the end of a shorter text in a batch.</summary>
    public long PadId { get; }

    /// <summary>The id of <c>[UNK]</c>, for words the vocabulary cannot spell.</summary>
    public long UnknownId { get; }

    /// <summary>The number of entries in the vocabulary.</summary>
    public int VocabularySize { get; }

    /// <summary>Loads a <c>vocab.txt</c> (one token per line, id = 0-based line number; LF or CRLF line endings).</summary>
    /// <param name="vocabPath">The vocabulary file.</param>
    /// <param name="lowercase">
    /// <see langword="true"/> for uncased models (lowercase and strip accents, as BERT's BasicTokenizer does);
    /// <see langword="false"/> for cased ones. Accents are stripped either way (FastBertTokenizer's behaviour), which
    /// for cased vocabularies differs from Hugging Face's default of keeping them.
    /// </param>
    /// <returns>The tokenizer.</returns>
    /// <exception cref="FileNotFoundException">The vocabulary file does not exist.</exception>
    /// <exception cref="InvalidDataException">The vocabulary lacks one of [CLS], [SEP], [PAD], [UNK].</exception>
    public static WordPieceTokenizer Load(string vocabPath, bool lowercase)
    {
        ArgumentNullException.ThrowIfNull(vocabPath);
        if (!File.Exists(vocabPath))
        {
            throw new FileNotFoundException($"Vocabulary file '{Path.GetFullPath(vocabPath)}' was not found. Accelerate.Build copies it to the output folder beside the model.", vocabPath);
        }

        var text = File.ReadAllText(vocabPath);

        // StringReader.ReadLine ends lines at CR, LF or CRLF, so a CRLF vocabulary yields no "token\r" entries.
        var specialIds = new Dictionary<string, long>(StringComparer.Ordinal);
        var size = 0;
        using (var reader = new StringReader(text))
        {
            while (reader.ReadLine() is { } line)
            {
                if (line is "[CLS]" or "[SEP]" or "[PAD]" or "[UNK]")
                {
                    specialIds.TryAdd(line, size);
                }

                size++;
            }
        }

        var missing = new[] { "[CLS]", "[SEP]", "[PAD]", "[UNK]" }.Where(t => !specialIds.ContainsKey(t)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"Vocabulary '{vocabPath}' lacks {string.Join(", ", missing)}; it is not a BERT WordPiece vocabulary.");
        }

        var inner = new BertTokenizer();
        using (var reader = new StringReader(text))
        {
            inner.LoadVocabulary(reader, lowercase);
        }

        return new WordPieceTokenizer(inner, lowercase, specialIds, size);
    }

    /// <summary>
    /// Writes <c>[CLS]</c>, the text's word pieces and <c>[SEP]</c> to <paramref name="ids"/>. A text with more than
    /// <c>ids.Length - 2</c> word pieces keeps its first ones and still ends with <c>[SEP]</c>, as sentence-transformers does.
    /// </summary>
    /// <param name="text">The text; empty gives <c>[CLS] [SEP]</c>.</param>
    /// <param name="ids">Where the ids go; its length is the maximum number of tokens (at least 2).</param>
    /// <returns>The number of ids written.</returns>
    public int Encode(string text, Span<long> ids)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (ids.Length < 2)
        {
            throw new ArgumentException("The id buffer needs room for [CLS] and [SEP] at least.", nameof(ids));
        }

        var overlongWords = OverlongWords.Find(text, _lowercase);
        lock (_gate)
        {
            return overlongWords is null
                ? EncodeInner(text, ids)
                : EncodeAround(text, overlongWords, ids);
        }
    }

    /// <summary>Encodes <paramref name="text"/> into a new array of at most <paramref name="maxLength"/> ids.</summary>
    /// <param name="text">The text.</param>
    /// <param name="maxLength">The maximum number of tokens, <c>[CLS]</c> and <c>[SEP]</c> included (at least 2).</param>
    /// <returns>The ids, <c>[CLS]</c> first and <c>[SEP]</c> last.</returns>
    public long[] Encode(string text, int maxLength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLength, 2);
        var ids = new long[maxLength];
        var count = Encode(text, ids);
        return ids.AsSpan(0, count).ToArray();
    }

    // Callers hold _gate.
    private int EncodeInner(string text, Span<long> ids)
    {
        if (_maskScratch.Length < ids.Length)
        {
            _maskScratch = new long[ids.Length];
        }

        return _inner.Encode(text, ids, _maskScratch.AsSpan(0, ids.Length));
    }

    // Hugging Face turns a word of more than 100 characters into a single [UNK]; FastBertTokenizer splits it into
    // pieces. Word pieces never cross word boundaries, so encoding the text between such words separately and
    // putting [UNK] in their place reproduces the reference. Rare, so it may allocate. Callers hold _gate.
    private int EncodeAround(string text, List<(int Start, int Length)> overlongWords, Span<long> ids)
    {
        var last = ids.Length - 1; // reserved for [SEP]
        var count = 0;
        ids[count++] = ClsId;
        var position = 0;
        foreach (var (start, length) in overlongWords)
        {
            count = AppendPieces(text[position..start], ids, count, last);
            if (count < last)
            {
                ids[count++] = UnknownId;
            }

            position = start + length;
        }

        count = AppendPieces(text[position..], ids, count, last);
        ids[count++] = SepId;
        return count;
    }

    private int AppendPieces(string segment, Span<long> ids, int count, int last)
    {
        var room = last - count;
        if (room <= 0)
        {
            return count;
        }

        if (_segmentScratch.Length < room + 2)
        {
            _segmentScratch = new long[room + 2];
        }

        var written = EncodeInner(segment, _segmentScratch.AsSpan(0, room + 2));
        var pieces = _segmentScratch.AsSpan(1, written - 2); // without this segment's own [CLS] and [SEP]
        pieces.CopyTo(ids[count..]);
        return count + pieces.Length;
    }
}
