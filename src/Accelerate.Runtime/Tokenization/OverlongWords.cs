using System.Globalization;
using System.Text;

namespace Accelerate.Runtime;

/// <summary>
/// Finds the words Hugging Face's WordPiece maps to a single [UNK] because, after normalisation, they are longer than
/// <see cref="MaxCharsPerWord"/> characters. Word boundaries follow its BertNormalizer and BertPreTokenizer.
/// </summary>
internal static class OverlongWords
{
    /// <summary>Hugging Face's <c>max_input_chars_per_word</c>.</summary>
    public const int MaxCharsPerWord = 100;

    // Canonical decomposition turns one UTF-16 char into at most three that survive accent stripping (Hangul
    // syllables into jamo), so a shorter run cannot exceed the limit and needs no exact count.
    private const int ExactCountThreshold = MaxCharsPerWord / 3;

    /// <summary>The overlong words as (start, length) in <paramref name="text"/>, or <see langword="null"/> if none (the usual case, allocation-free).</summary>
    public static List<(int Start, int Length)>? Find(string text, bool stripsAccents)
    {
        List<(int Start, int Length)>? found = null;
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && !IsBoundary(text, i))
            {
                if (start < 0)
                {
                    start = i;
                }

                continue;
            }

            if (start >= 0 && i - start > ExactCountThreshold && NormalizedLength(text.AsSpan(start, i - start), stripsAccents) > MaxCharsPerWord)
            {
                (found ??= []).Add((start, i - start));
            }

            start = -1;
            if (i < text.Length && char.IsHighSurrogate(text[i]))
            {
                i++; // a boundary rune (a CJK ideograph outside the BMP) spans two chars
            }
        }

        return found;
    }

    // Whitespace, punctuation and CJK ideographs end words; control characters are removed, so they do not.
    private static bool IsBoundary(string text, int index)
    {
        var c = text[index];
        if (c is '\t' or '\n' or '\r')
        {
            return true;
        }

        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            return IsCjk(char.ConvertToUtf32(c, text[index + 1]));
        }

        var category = char.GetUnicodeCategory(c);
        return (char.IsWhiteSpace(c) && category != UnicodeCategory.Control)
            || IsPunctuation(c, category)
            || IsCjk(c);
    }

    private static bool IsPunctuation(char c, UnicodeCategory category) =>
        c is >= '!' and <= '/' or >= ':' and <= '@' or >= '[' and <= '`' or >= '{' and <= '~'
        || category is UnicodeCategory.ConnectorPunctuation or UnicodeCategory.DashPunctuation
            or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation
            or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation
            or UnicodeCategory.OtherPunctuation;

    private static bool IsCjk(int cp) =>
        cp is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0x20000 and <= 0x2A6DF
            or >= 0x2A700 and <= 0x2B73F or >= 0x2B740 and <= 0x2B81F or >= 0x2B820 and <= 0x2CEAF
            or >= 0xF900 and <= 0xFAFF or >= 0x2F800 and <= 0x2FA1F;

    // Characters (runes) left after removing control characters and, for uncased vocabularies, decomposing and
    // dropping combining marks.
    private static int NormalizedLength(ReadOnlySpan<char> word, bool stripsAccents)
    {
        var text = stripsAccents ? word.ToString().Normalize(NormalizationForm.FormD) : word.ToString();
        var length = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            var removed = category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.PrivateUse
                    or UnicodeCategory.OtherNotAssigned or UnicodeCategory.Surrogate
                || rune.Value == 0xFFFD
                || (stripsAccents && category == UnicodeCategory.NonSpacingMark);
            if (!removed)
            {
                length++;
            }
        }

        return length;
    }
}
