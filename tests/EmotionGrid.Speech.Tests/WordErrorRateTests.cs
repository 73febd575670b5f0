namespace EmotionGrid.Speech.Tests;

/// <summary>Word error rate: word-level Levenshtein over the reference length, after normalising case and punctuation.</summary>
public sealed class WordErrorRateTests
{
    private const string Kids = "kids are talking by the door";

    [Fact]
    public void The_same_words_are_no_errors_whatever_the_case_and_punctuation() =>
        Assert.Equal(0, WordErrorRate.Compute(Kids, "Kids, are TALKING by the door!"));

    [Fact]
    public void One_wrong_word_in_six_is_one_substitution()
    {
        var errors = WordErrorRate.Count(Kids, "dogs are talking by the door");

        Assert.Equal(new WordErrors(Substitutions: 1, Deletions: 0, Insertions: 0, ReferenceWords: 6), errors);
        Assert.Equal(1 / 6.0, errors.Rate, 12);
    }

    [Fact]
    public void A_missing_word_is_a_deletion_and_an_extra_word_an_insertion()
    {
        Assert.Equal(new WordErrors(0, 1, 0, 6), WordErrorRate.Count(Kids, "kids are talking by door"));
        Assert.Equal(new WordErrors(0, 0, 1, 6), WordErrorRate.Count(Kids, "kids are talking by the front door"));
    }

    [Fact]
    public void A_word_split_in_two_is_one_substitution_and_one_insertion()
    {
        // What PocketSphinx does with "talking": "taught him".
        var errors = WordErrorRate.Count(Kids, "kids are taught him by the door");

        Assert.Equal(new WordErrors(1, 0, 1, 6), errors);
        Assert.Equal(2 / 6.0, errors.Rate, 12);
    }

    [Fact]
    public void Nothing_heard_deletes_every_word_and_insertions_can_exceed_one()
    {
        Assert.Equal(1, WordErrorRate.Compute(Kids, ""));
        Assert.Equal(2, WordErrorRate.Compute("door", "the red door"));
    }

    [Fact]
    public void An_empty_reference_is_right_only_for_an_empty_hypothesis()
    {
        Assert.Equal(0, WordErrorRate.Compute("", " ... "));
        Assert.Equal(1, WordErrorRate.Compute("", "hello"));
    }

    [Fact]
    public void Reordered_words_cost_more_than_a_bag_of_words_would()
    {
        // Same words, different order: a bag-of-words comparison would say 0.
        Assert.Equal(2 / 6.0, WordErrorRate.Compute(Kids, "are kids talking by the door"), 12);
    }

    [Fact]
    public void Apostrophes_stay_inside_words_and_hyphens_split_them()
    {
        Assert.Equal(["don't", "stop", "well", "known", "quoted"], WordErrorRate.Words("Don't stop: well-known 'quoted'"));
        Assert.Equal(1 / 2.0, WordErrorRate.Compute("don't stop", "dont stop"), 12);
    }

    [Fact]
    public void Counts_add_up_over_a_corpus_weighted_by_reference_length()
    {
        var total = WordErrorRate.Count(Kids, Kids) + WordErrorRate.Count("a b", "a c");

        Assert.Equal(new WordErrors(1, 0, 0, 8), total);
        Assert.Equal(1 / 8.0, total.Rate, 12);
    }
}
