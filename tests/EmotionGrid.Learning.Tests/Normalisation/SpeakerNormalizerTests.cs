using EmotionGrid.Learning.Normalisation;

namespace EmotionGrid.Learning.Tests.Normalisation;

public class SpeakerNormalizerTests
{
    private static readonly Standardizer Global = new([10f, 20f], [5f, 10f]);

    // "two" has 2 files, "three" 3 files; speakerless rows (null and "") are 4 more.
    private static readonly float[][] Vectors =
    [
        [0f, 0f], [2f, 4f],
        [1f, 1f], [3f, 3f], [5f, 8f],
        [7f, 7f], [7f, 7f], [9f, 9f], [9f, 9f],
    ];

    private static readonly string?[] Speakers = ["two", "two", "three", "three", "three", null, null, "", ""];

    [Fact]
    public void Constructor_checks_mode_and_minimum_files()
    {
        Assert.Throws<ArgumentException>(() => new SpeakerNormalizer("Speaker", Global, 3));
        Assert.Throws<ArgumentException>(() => new SpeakerNormalizer(NormalisationMode.None, Global, 3));
        Assert.Throws<ArgumentException>(() => new SpeakerNormalizer("zscore", Global, 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpeakerNormalizer(NormalisationMode.Speaker, Global, 1));
        Assert.Throws<ArgumentNullException>(() => new SpeakerNormalizer(NormalisationMode.Speaker, null!, 3));

        var normalizer = new SpeakerNormalizer(NormalisationMode.Global, Global, 2);
        Assert.Equal(NormalisationMode.Global, normalizer.Mode);
        Assert.Equal(2, normalizer.MinSpeakerFiles);
        Assert.Same(Global, normalizer.Global);
    }

    [Fact]
    public void Known_modes_are_speaker_and_global_only()
    {
        Assert.True(NormalisationMode.IsKnown("speaker"));
        Assert.True(NormalisationMode.IsKnown("global"));
        Assert.False(NormalisationMode.IsKnown("none"));
        Assert.False(NormalisationMode.IsKnown(null));
        Assert.False(NormalisationMode.IsKnown("GLOBAL"));
    }

    [Fact]
    public void Only_speakers_with_enough_files_get_statistics_and_speakerless_rows_none()
    {
        var normalizer = new SpeakerNormalizer(NormalisationMode.Speaker, Global, 3);

        var statistics = normalizer.SpeakerStatisticsOf(Vectors, Speakers);

        var three = Assert.Single(statistics);
        Assert.Equal("three", three.Key);
        Assert.Equal(3, three.Value.Files);
        Assert.Equal(3f, three.Value.Statistics.Mean[0], 1e-5f);
        Assert.Equal(4f, three.Value.Statistics.Mean[1], 1e-5f);
        Assert.Equal((float)Math.Sqrt(8.0 / 3), three.Value.Statistics.Scale[0], 1e-5f);
        Assert.Equal((float)Math.Sqrt(26.0 / 3), three.Value.Statistics.Scale[1], 1e-5f);

        // With 2 files enough, "two" qualifies; null and "" never do, though each has 2 rows.
        var lower = new SpeakerNormalizer(NormalisationMode.Speaker, Global, 2).SpeakerStatisticsOf(Vectors, Speakers);
        Assert.Equal(["three", "two"], lower.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(2, lower["two"].Files);
    }

    [Fact]
    public void A_speaker_below_the_minimum_is_normalised_globally_and_one_at_it_by_their_own_statistics()
    {
        var normalizer = new SpeakerNormalizer(NormalisationMode.Speaker, Global, 3);
        var statistics = normalizer.SpeakerStatisticsOf(Vectors, Speakers);
        var three = statistics["three"];

        var z = normalizer.TransformAll(Vectors, Speakers, statistics, out var bySpeaker);

        Assert.Equal(3, bySpeaker);
        // "two" (2 files) and the speakerless rows: global z-scores, (x − 10) / 5 and (y − 20) / 10.
        Assert.Equal([-2f, -2f], z[0]);
        Assert.Equal([-1.6f, -1.6f], z[1]);
        Assert.Equal([-0.6f, -1.3f], z[5]);
        Assert.Equal([-0.2f, -1.1f], z[8]);
        // "three": its own z-scores, which average 0 per feature.
        for (var i = 2; i <= 4; i++)
        {
            Assert.Equal(three.Statistics.Transform(Vectors[i]), z[i]);
        }

        Assert.Equal(0, z[2][0] + z[3][0] + z[4][0], 1e-5);
        Assert.Equal(3, (z[2][0] * z[2][0]) + (z[3][0] * z[3][0]) + (z[4][0] * z[4][0]), 1e-4);

        var (own, byOwn) = normalizer.Transform(Vectors[2], three);
        Assert.Equal(NormalisationMode.Speaker, byOwn);
        Assert.Equal(z[2], own);
        var (vector, used) = normalizer.Transform(Vectors[0], null);
        Assert.Equal(NormalisationMode.Global, used);
        Assert.Equal([-2f, -2f], vector);
    }

    [Fact]
    public void Statistics_of_too_few_files_are_not_used_even_when_passed_in()
    {
        var normalizer = new SpeakerNormalizer(NormalisationMode.Speaker, Global, 3);
        var two = SpeakerStatistics.Compute("two", [Vectors[0], Vectors[1]], Global);

        Assert.False(normalizer.Uses(two));
        Assert.False(normalizer.Uses(null));
        var (vector, used) = normalizer.Transform(Vectors[1], two);
        Assert.Equal(NormalisationMode.Global, used);
        Assert.Equal([-1.6f, -1.6f], vector);
    }

    [Fact]
    public void Global_mode_never_uses_speaker_statistics()
    {
        var statistics = new SpeakerNormalizer(NormalisationMode.Speaker, Global, 2).SpeakerStatisticsOf(Vectors, Speakers);
        var normalizer = new SpeakerNormalizer(NormalisationMode.Global, Global, 2);

        var z = normalizer.TransformAll(Vectors, Speakers, statistics, out var bySpeaker);

        Assert.Equal(0, bySpeaker);
        Assert.False(normalizer.Uses(statistics["three"]));
        for (var i = 0; i < Vectors.Length; i++)
        {
            Assert.Equal(Global.Transform(Vectors[i]), z[i]);
        }
    }

    [Fact]
    public void Statistics_need_one_speaker_per_vector()
    {
        var normalizer = new SpeakerNormalizer(NormalisationMode.Speaker, Global, 3);

        Assert.Throws<ArgumentException>(() => normalizer.SpeakerStatisticsOf(Vectors, ["a", "b"]));
        Assert.Throws<ArgumentNullException>(() => normalizer.SpeakerStatisticsOf(null!, Speakers));
        Assert.Throws<ArgumentNullException>(() => normalizer.SpeakerStatisticsOf(Vectors, null!));
    }
}
