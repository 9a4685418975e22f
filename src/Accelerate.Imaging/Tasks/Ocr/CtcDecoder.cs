namespace Accelerate.Imaging;

/// <summary>
/// Greedy CTC decoding as PaddleOCR's CTCLabelDecode does it: the most likely class at each time step, repeats merged,
/// the blank (class 0) dropped; class k &gt; 0 is character k - 1 of the dictionary, whose last entry is the space
/// PaddleOCR appends (use_space_char). The score is the mean of the kept steps' probabilities (0 when none is kept).
/// </summary>
public static class CtcDecoder
{
    /// <summary>PaddleOCR's character list for a dictionary file's lines: the lines (line ends stripped) and a space.</summary>
    /// <param name="dictionaryLines">The dictionary's lines, one character each.</param>
    public static string[] Characters(IEnumerable<string> dictionaryLines) =>
        dictionaryLines.Select(l => l.TrimEnd('\r', '\n')).Append(" ").ToArray();

    /// <summary>Decodes one sequence of <paramref name="time"/> × <paramref name="classes"/> probabilities.</summary>
    /// <param name="probabilities">Row-major [time, classes].</param>
    /// <param name="time">Time steps.</param>
    /// <param name="classes">Classes per step: the blank plus one per character.</param>
    /// <param name="characters">The characters of classes 1..classes-1.</param>
    /// <returns>The text and its score.</returns>
    public static (string Text, float Score) Decode(ReadOnlySpan<float> probabilities, int time, int classes, IReadOnlyList<string> characters)
    {
        ArgumentNullException.ThrowIfNull(characters);
        if (probabilities.Length != time * classes) throw new ArgumentException($"[{time}, {classes}] probabilities are {time * classes} values, not {probabilities.Length}.", nameof(probabilities));
        if (characters.Count != classes - 1) throw new ArgumentException($"{classes} classes need {classes - 1} characters after the blank, not {characters.Count}.", nameof(characters));
        var text = new System.Text.StringBuilder();
        double sum = 0;
        var kept = 0;
        var previous = -1;
        for (var t = 0; t < time; t++)
        {
            var row = probabilities.Slice(t * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
            if (best != 0 && best != previous)
            {
                text.Append(characters[best - 1]);
                sum += row[best];
                kept++;
            }
            previous = best;
        }
        return (text.ToString(), kept == 0 ? 0f : (float)(sum / kept));
    }
}
