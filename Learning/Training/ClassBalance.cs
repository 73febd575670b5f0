namespace EmotionGrid.Learning.Training;

/// <summary>
/// Balances a training fold by repeating rows of the smaller classes until each class has as many rows as the
/// largest (random oversampling, seeded). Works with every learner alike, unlike per-learner class weights.
/// </summary>
public static class ClassBalance
{
    public static int[] Oversample(int[] rows, int[] labels, int seed)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        var byClass = rows.GroupBy(r => labels[r]).ToDictionary(g => g.Key, g => g.ToArray());
        if (byClass.Count == 0)
        {
            return rows;
        }

        var target = byClass.Values.Max(g => g.Length);
        var random = new Random(seed);
        var result = new List<int>(target * byClass.Count);
        foreach (var (_, members) in byClass.OrderBy(p => p.Key))
        {
            result.AddRange(members);
            // Whole copies first, then a random remainder without repeats: the class is represented evenly.
            for (var extra = target - members.Length; extra > 0; extra -= members.Length)
            {
                var take = Math.Min(extra, members.Length);
                var shuffled = members.ToArray();
                random.Shuffle(shuffled);
                result.AddRange(shuffled.Take(take));
            }
        }

        return [.. result];
    }
}
