namespace EmotionGrid.Learning.Tests;

public class GroupStratifiedKFoldTests
{
    [Fact]
    public void No_group_is_ever_on_both_sides_and_every_row_is_tested_once()
    {
        var random = new Random(42);
        for (var trial = 0; trial < 200; trial++)
        {
            var n = random.Next(10, 300);
            var groupCount = random.Next(5, 30);
            var classes = random.Next(1, 6);
            var folds = random.Next(2, Math.Min(groupCount, 8) + 1);
            var y = Enumerable.Range(0, n).Select(_ => random.Next(classes)).ToArray();
            var groups = Enumerable.Range(0, n).Select(i => $"g{(i < groupCount ? i : random.Next(groupCount))}").ToArray();

            var split = GroupStratifiedKFold.Split(y, groups, folds, seed: trial);

            Assert.Equal(folds, split.Count);
            var tested = new int[n];
            foreach (var fold in split)
            {
                Assert.NotEmpty(fold.Test);
                var testGroups = fold.Test.Select(i => groups[i]).ToHashSet();
                Assert.DoesNotContain(fold.Train, i => testGroups.Contains(groups[i]));
                Assert.Equal(n, fold.Train.Length + fold.Test.Length);
                foreach (var i in fold.Test)
                {
                    tested[i]++;
                }
            }

            Assert.All(tested, count => Assert.Equal(1, count));
        }
    }

    [Fact]
    public void Class_proportions_are_roughly_even_across_folds()
    {
        // 24 speakers like RAVDESS, each with the same 8-class mix, plus some lopsided speakers.
        var y = new List<int>();
        var groups = new List<string>();
        for (var speaker = 0; speaker < 24; speaker++)
        {
            for (var c = 0; c < 8; c++)
            {
                for (var r = 0; r < (speaker % 3 == 0 && c == 0 ? 6 : 3); r++)
                {
                    y.Add(c);
                    groups.Add($"actor-{speaker}");
                }
            }
        }

        var split = GroupStratifiedKFold.Split([.. y], [.. groups], folds: 4, seed: 0);

        for (var c = 0; c < 8; c++)
        {
            var total = y.Count(label => label == c);
            foreach (var fold in split)
            {
                var share = fold.Test.Count(i => y[i] == c) / (double)total;
                Assert.InRange(share, 0.25 - 0.06, 0.25 + 0.06);
            }
        }
    }

    [Fact]
    public void Deterministic_for_a_seed()
    {
        var y = Enumerable.Range(0, 120).Select(i => i % 3).ToArray();
        var groups = Enumerable.Range(0, 120).Select(i => $"s{i % 12}").ToArray();

        var a = GroupStratifiedKFold.Split(y, groups, 3, seed: 5);
        var b = GroupStratifiedKFold.Split(y, groups, 3, seed: 5);

        Assert.Equal(a.Select(f => f.Test), b.Select(f => f.Test));
    }

    [Fact]
    public void Fewer_groups_than_folds_is_a_clear_error()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            GroupStratifiedKFold.Split([0, 1, 0, 1], ["a", "a", "b", "b"], folds: 5, seed: 0));

        Assert.Contains("at least 5 groups", error.Message, StringComparison.Ordinal);
        Assert.Contains("only 2", error.Message, StringComparison.Ordinal);
    }
}
