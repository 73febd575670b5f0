using System.Globalization;
using System.Text;

namespace EmotionGrid.Speech;

/// <summary>
/// Word error rate, the usual measure of a recogniser: the fewest word substitutions, deletions and insertions
/// that turn the reference into the hypothesis (word-level Levenshtein), over the number of reference words.
/// Both texts are normalised first (<see cref="Words"/>) so that case and punctuation never count as errors.
/// </summary>
public static class WordErrorRate
{
    /// <summary>The rate for one pair; see <see cref="WordErrors.Rate"/> for an empty reference.</summary>
    public static double Compute(string reference, string hypothesis) => Count(reference, hypothesis).Rate;

    /// <summary>The error counts for one pair: add them up over a corpus, then take <see cref="WordErrors.Rate"/>.</summary>
    public static WordErrors Count(string reference, string hypothesis)
    {
        var expected = Words(reference);
        var heard = Words(hypothesis);

        // cost[i, j]: the fewest edits from the first i reference words to the first j hypothesis words, with how
        // many of each kind; equal totals take the first of match/substitution, deletion, insertion, so the split
        // between kinds is always the same for the same pair.
        var cost = new Edit[expected.Count + 1, heard.Count + 1];
        for (var i = 1; i <= expected.Count; i++)
        {
            cost[i, 0] = cost[i - 1, 0] with { Deletions = i };
        }

        for (var j = 1; j <= heard.Count; j++)
        {
            cost[0, j] = cost[0, j - 1] with { Insertions = j };
        }

        for (var i = 1; i <= expected.Count; i++)
        {
            for (var j = 1; j <= heard.Count; j++)
            {
                var diagonal = cost[i - 1, j - 1];
                var match = string.Equals(expected[i - 1], heard[j - 1], StringComparison.Ordinal)
                    ? diagonal
                    : diagonal with { Substitutions = diagonal.Substitutions + 1 };
                var deletion = cost[i - 1, j] with { Deletions = cost[i - 1, j].Deletions + 1 };
                var insertion = cost[i, j - 1] with { Insertions = cost[i, j - 1].Insertions + 1 };
                cost[i, j] = new[] { match, deletion, insertion }.MinBy(e => e.Total);
            }
        }

        var best = cost[expected.Count, heard.Count];
        return new WordErrors(best.Substitutions, best.Deletions, best.Insertions, expected.Count);
    }

    /// <summary>
    /// The words of a text as compared: lower case, split at anything that is not a letter, digit or apostrophe
    /// (so "Kids, are talking!" and "kids are talking" are equal, and "by-the" is two words), apostrophes kept
    /// inside words ("don't") and dropped at their edges ('quoted').
    /// </summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var cleaned = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            cleaned.Append(char.IsLetterOrDigit(c) || c == '\'' ? char.ToLower(c, CultureInfo.InvariantCulture) : ' ');
        }

        return cleaned.ToString()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => w.Trim('\''))
            .Where(w => w.Length > 0)
            .ToArray();
    }

    private readonly record struct Edit(int Substitutions, int Deletions, int Insertions)
    {
        public int Total => Substitutions + Deletions + Insertions;
    }
}

/// <summary>Word errors of a hypothesis against a reference with <see cref="ReferenceWords"/> words; sums over a corpus with +.</summary>
public readonly record struct WordErrors(int Substitutions, int Deletions, int Insertions, int ReferenceWords)
{
    public int Errors => Substitutions + Deletions + Insertions;

    /// <summary>Errors over reference words (can exceed 1 with many insertions); with no reference words, 0 for an empty hypothesis and 1 otherwise.</summary>
    public double Rate => ReferenceWords > 0 ? Errors / (double)ReferenceWords : Errors == 0 ? 0 : 1;

    public static WordErrors operator +(WordErrors a, WordErrors b) =>
        new(a.Substitutions + b.Substitutions, a.Deletions + b.Deletions, a.Insertions + b.Insertions, a.ReferenceWords + b.ReferenceWords);
}
