namespace EmotionGrid.Learning.Tests;

public class StandardizerTests
{
    [Fact]
    public void Gives_zero_mean_unit_variance_and_scale_one_for_constant_features()
    {
        float[][] x = [[1, 10, 7], [3, 20, 7], [5, 60, 7]];

        var standardizer = Standardizer.Fit(x);
        var z = standardizer.Transform(x);

        Assert.Equal([3f, 30f, 7f], standardizer.Mean);
        Assert.Equal(1f, standardizer.Scale[2]);
        Assert.Equal((float)Math.Sqrt(8.0 / 3), standardizer.Scale[0], 1e-5f);
        for (var j = 0; j < 2; j++)
        {
            Assert.Equal(0, z.Sum(r => r[j]), 1e-5);
            Assert.Equal(3, z.Sum(r => r[j] * r[j]), 1e-4);
        }

        Assert.All(z, row => Assert.Equal(0f, row[2]));
    }

    [Fact]
    public void Round_trips_through_json_and_rejects_wrong_lengths()
    {
        var standardizer = Standardizer.Fit([[1f, 2f], [3f, 5f]]);

        var copy = System.Text.Json.JsonSerializer.Deserialize<Standardizer>(System.Text.Json.JsonSerializer.Serialize(standardizer))!;

        Assert.Equal(standardizer.Transform([2f, 9f]), copy.Transform([2f, 9f]));
        Assert.Throws<ArgumentException>(() => standardizer.Transform([1f, 2f, 3f]));
        Assert.Throws<ArgumentException>(() => Standardizer.Fit([[1f, 2f], [3f]]));
    }
}
