using EmotionGrid.Learning.Training;

namespace EmotionGrid.Learning.Tests.Training;

public class ClassBalanceTests
{
    // Rows 0..9 labelled: class 0 × 6, class 1 × 1, class 2 × 3 (class 2 first in row order).
    private static readonly int[] Labels = [2, 0, 0, 2, 0, 1, 0, 2, 0, 0];

    [Fact]
    public void Every_class_ends_with_the_majority_count_and_keeps_all_its_rows()
    {
        int[] rows = [.. Enumerable.Range(0, Labels.Length)];

        var balanced = ClassBalance.Oversample(rows, Labels, seed: 1);

        Assert.Equal(18, balanced.Length);
        Assert.All(new[] { 0, 1, 2 }, c => Assert.Equal(6, balanced.Count(r => Labels[r] == c)));
        Assert.Subset(balanced.ToHashSet(), rows.ToHashSet());
        Assert.Superset(balanced.ToHashSet(), rows.ToHashSet());
        // Class 2 (3 rows, 3 missing): each row exactly twice; class 1: its one row six times.
        Assert.All(new[] { 0, 3, 7 }, r => Assert.Equal(2, balanced.Count(b => b == r)));
        Assert.Equal(6, balanced.Count(b => b == 5));
        Assert.All(new[] { 1, 2, 4, 6, 8, 9 }, r => Assert.Equal(1, balanced.Count(b => b == r)));
    }

    [Fact]
    public void A_remainder_repeats_no_row_twice()
    {
        // Class 1 has 4 rows against 6: two extra rows, distinct.
        int[] labels = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
        int[] rows = [.. Enumerable.Range(0, labels.Length)];

        for (var seed = 0; seed < 20; seed++)
        {
            var balanced = ClassBalance.Oversample(rows, labels, seed);
            var ones = balanced.Where(r => labels[r] == 1).ToArray();
            Assert.Equal(6, ones.Length);
            Assert.All(ones.GroupBy(r => r), g => Assert.InRange(g.Count(), 1, 2));
        }
    }

    [Fact]
    public void Only_the_given_rows_are_balanced()
    {
        // A fold's training rows: 1, 2, 3, 5 (class 0 × 2, class 2 × 1, class 1 × 1).
        int[] rows = [1, 2, 3, 5];

        var balanced = ClassBalance.Oversample(rows, Labels, seed: 4);

        Assert.Equal(6, balanced.Length);
        Assert.All(balanced, r => Assert.Contains(r, rows));
        Assert.Equal([1, 2, 3, 3, 5, 5], balanced.Order());
    }

    [Fact]
    public void Is_deterministic_for_a_seed_and_varies_with_it()
    {
        int[] labels = [.. Enumerable.Range(0, 60).Select(i => i < 50 ? 0 : 1)];
        int[] rows = [.. Enumerable.Range(0, labels.Length)];

        var first = ClassBalance.Oversample(rows, labels, seed: 7);
        var again = ClassBalance.Oversample(rows, labels, seed: 7);
        var other = ClassBalance.Oversample(rows, labels, seed: 8);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(first.Order(), other.Order()); // 10 rows × 5 copies either way
    }

    [Fact]
    public void A_single_class_or_already_balanced_rows_are_unchanged()
    {
        int[] single = [0, 0, 0];
        Assert.Equal([0, 1, 2], ClassBalance.Oversample([0, 1, 2], single, seed: 3).Order());
        Assert.Equal(3, ClassBalance.Oversample([0, 1, 2], single, seed: 3).Length);

        int[] even = [1, 0, 1, 0];
        Assert.Equal([0, 1, 2, 3], ClassBalance.Oversample([0, 1, 2, 3], even, seed: 3).Order());
        Assert.Empty(ClassBalance.Oversample([], even, seed: 3));
    }
}
