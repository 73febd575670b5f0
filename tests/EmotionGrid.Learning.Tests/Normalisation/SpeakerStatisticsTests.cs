using EmotionGrid.Learning.Normalisation;

namespace EmotionGrid.Learning.Tests.Normalisation;

public class SpeakerStatisticsTests
{
    // Global spreads 2, 4, 3: floors (× 0.1) are 0.2, 0.4 and 0.3.
    private static readonly Standardizer Global = new([0f, 0f, 0f], [2f, 4f, 3f]);

    // Feature 0: 1, 3, 5 (mean 3, population sd √(8/3) ≈ 1.633, above its floor 0.2).
    // Feature 1: 10, 10.2, 10.4 (mean 10.2, sd √(0.08/3) ≈ 0.163, below its floor 0.4).
    // Feature 2: constant 5 (the floor 0.3, not Standardizer's scale 1).
    private static readonly float[][] Rows = [[1f, 10f, 5f], [3f, 10.2f, 5f], [5f, 10.4f, 5f]];

    [Fact]
    public void Mean_and_scale_are_the_speakers_own_with_the_spread_floored_at_a_tenth_of_the_global_one()
    {
        var statistics = SpeakerStatistics.Compute("anna", Rows, Global);

        Assert.Equal("anna", statistics.Speaker);
        Assert.Equal(3, statistics.Files);
        Assert.Equal(3f, statistics.Statistics.Mean[0], 1e-5f);
        Assert.Equal(10.2f, statistics.Statistics.Mean[1], 1e-5f);
        Assert.Equal(5f, statistics.Statistics.Mean[2], 1e-5f);
        Assert.Equal((float)Math.Sqrt(8.0 / 3), statistics.Statistics.Scale[0], 1e-5f);
        Assert.Equal(0.4f, statistics.Statistics.Scale[1], 1e-6f);
        Assert.Equal(0.3f, statistics.Statistics.Scale[2], 1e-6f);

        var z = statistics.Statistics.Transform([5f, 10.6f, 5.6f]);
        Assert.Equal(2 / (float)Math.Sqrt(8.0 / 3), z[0], 1e-4f);
        Assert.Equal(1f, z[1], 1e-4f);
        Assert.Equal(2f, z[2], 1e-4f);
    }

    [Fact]
    public void Mean_and_unfloored_scale_equal_a_direct_computation()
    {
        var random = new Random(5);
        var rows = new float[25][];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = [(float)(3 + (2 * SyntheticData.Gaussian(random))), (float)(-7 + SyntheticData.Gaussian(random))];
        }

        var statistics = SpeakerStatistics.Compute("ben", rows, new Standardizer([0f, 0f], [1f, 1f]));

        for (var j = 0; j < 2; j++)
        {
            var mean = rows.Average(r => (double)r[j]);
            var sd = Math.Sqrt(rows.Average(r => (r[j] - mean) * (r[j] - mean)));
            Assert.Equal(mean, statistics.Statistics.Mean[j], 1e-4);
            Assert.Equal(sd, statistics.Statistics.Scale[j], 1e-4);
        }
    }

    [Fact]
    public void The_floor_factor_can_be_changed()
    {
        var statistics = SpeakerStatistics.Compute("anna", Rows, Global, scaleFloor: 0.5);

        Assert.Equal((float)Math.Sqrt(8.0 / 3), statistics.Statistics.Scale[0], 1e-5f); // floor 1.0 < 1.633
        Assert.Equal(2f, statistics.Statistics.Scale[1], 1e-6f);
        Assert.Equal(1.5f, statistics.Statistics.Scale[2], 1e-6f);
    }

    [Fact]
    public void A_single_file_gets_the_floor_everywhere()
    {
        var statistics = SpeakerStatistics.Compute("solo", [[1f, 2f, 3f]], Global);

        Assert.Equal(1, statistics.Files);
        Assert.Equal([1f, 2f, 3f], statistics.Statistics.Mean);
        Assert.Equal(0.2f, statistics.Statistics.Scale[0], 1e-6f);
        Assert.Equal(0.4f, statistics.Statistics.Scale[1], 1e-6f);
        Assert.Equal(0.3f, statistics.Statistics.Scale[2], 1e-6f);
    }

    [Fact]
    public void Refuses_empty_or_missing_input()
    {
        Assert.Throws<ArgumentException>(() => SpeakerStatistics.Compute("anna", [], Global));
        Assert.Throws<ArgumentException>(() => SpeakerStatistics.Compute("", Rows, Global));
        Assert.Throws<ArgumentNullException>(() => SpeakerStatistics.Compute(null!, Rows, Global));
        Assert.Throws<ArgumentNullException>(() => SpeakerStatistics.Compute("anna", null!, Global));
        Assert.Throws<ArgumentNullException>(() => SpeakerStatistics.Compute("anna", Rows, null!));
    }
}
