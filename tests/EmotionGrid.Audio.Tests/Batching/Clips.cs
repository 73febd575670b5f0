namespace EmotionGrid.Audio.Tests.Batching;

internal static class Clips
{
    /// <summary>A clip of <paramref name="length"/> samples whose content depends on <paramref name="seed"/>.</summary>
    public static float[] Of(int length, float seed = 0.25f)
    {
        var clip = new float[length];
        for (var i = 0; i < length; i++)
        {
            clip[i] = seed + ((i % 5) * 0.125f);
        }

        return clip;
    }

    /// <summary>A clip that makes <see cref="FakeBatchEmbedder"/> throw.</summary>
    public static float[] Poisoned(int length)
    {
        var clip = Of(length);
        clip[0] = FakeBatchEmbedder.Poison;
        return clip;
    }

    /// <summary>Waits for a task with an upper bound far beyond what it needs, so a hang fails instead of stalling.</summary>
    public static Task<T> Within<T>(this Task<T> task) => task.WaitAsync(FakeBatchEmbedder.Patience);

    public static Task Within(this Task task) => task.WaitAsync(FakeBatchEmbedder.Patience);
}
