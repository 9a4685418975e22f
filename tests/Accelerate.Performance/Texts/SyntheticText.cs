using System.Text;

namespace Accelerate.Performance.Texts;

/// <summary>
/// Deterministic English-like sentences built from a fixed word list and a fixed seed, so every run, on every
/// machine, embeds exactly the same texts. Lengths are controlled in tokens (what the model's cost depends on),
/// measured with a caller-supplied tokenizer.
/// </summary>
public static class SyntheticText
{
    /// <summary>The seed of every generated text set; changing it changes every published figure.</summary>
    public const int Seed = 20261;

    // Mostly single word pieces, with some longer words that split into several pieces, as real prose does.
    private static readonly string[] Words =
    [
        "the", "a", "an", "this", "that", "every", "some", "our", "their", "my",
        "weather", "city", "river", "garden", "train", "station", "market", "library", "teacher", "student",
        "children", "doctor", "engineer", "farmer", "musician", "painter", "village", "mountain", "forest", "ocean",
        "morning", "evening", "winter", "summer", "coffee", "bread", "letter", "window", "bridge", "kitchen",
        "is", "was", "seems", "looks", "feels", "became", "remains", "walked", "drove", "cooked",
        "wrote", "painted", "visited", "opened", "closed", "found", "lost", "built", "repaired", "watched",
        "lovely", "quiet", "busy", "bright", "cold", "warm", "old", "new", "small", "large",
        "beautiful", "ancient", "crowded", "peaceful", "famous", "hidden", "narrow", "sunny", "rainy", "green",
        "to", "in", "on", "near", "across", "behind", "under", "with", "from", "after",
        "and", "but", "because", "while", "yesterday", "today", "again", "slowly", "quickly", "finally",
        "photosynthesis", "unbelievably", "infrastructure", "misunderstanding", "refrigerator",
        "archaeologists", "thunderstorms", "neighbourhood", "cryptocurrency", "extraordinary",
    ];

    /// <summary>
    /// <paramref name="count"/> sentences whose token counts ([CLS] and [SEP] included) are spread uniformly over
    /// <paramref name="minTokens"/>..<paramref name="maxTokens"/>.
    /// </summary>
    public static string[] Corpus(int count, int minTokens, int maxTokens, Func<string, int> countTokens)
    {
        var random = new Random(Seed);
        var texts = new string[count];
        for (var i = 0; i < count; i++)
        {
            texts[i] = Sentence(random, random.Next(minTokens, maxTokens + 1), countTokens);
        }

        return texts;
    }

    /// <summary><paramref name="count"/> different sentences of exactly <paramref name="tokens"/> tokens each.</summary>
    public static string[] ExactLength(int count, int tokens, Func<string, int> countTokens)
    {
        var random = new Random(Seed + tokens);
        return [.. Enumerable.Range(0, count).Select(_ => Sentence(random, tokens, countTokens))];
    }

    // Adds words until the sentence has exactly `tokens` tokens. A word that would overshoot is replaced by "and",
    // a single word piece, so the loop always lands on the target.
    private static string Sentence(Random random, int tokens, Func<string, int> countTokens)
    {
        var text = new StringBuilder();
        while (true)
        {
            var current = Render(text);
            var have = countTokens(current);
            if (have == tokens)
            {
                return current;
            }

            if (have > tokens)
            {
                throw new InvalidOperationException($"'{current}' overshot {tokens} tokens; the filler word must be a single piece.");
            }

            var word = Words[random.Next(Words.Length)];
            var separator = text.Length == 0 ? "" : random.Next(12) == 0 ? ", " : " ";
            if (countTokens(Render(new StringBuilder(text.ToString()).Append(separator).Append(word))) > tokens)
            {
                (separator, word) = (text.Length == 0 ? "" : " ", "and");
            }

            text.Append(separator).Append(word);
        }
    }

    // Capitalised, with a closing full stop (one more token): a sentence as people write it.
    private static string Render(StringBuilder words) =>
        words.Length == 0 ? "." : char.ToUpperInvariant(words[0]) + words.ToString(1, words.Length - 1) + ".";
}
