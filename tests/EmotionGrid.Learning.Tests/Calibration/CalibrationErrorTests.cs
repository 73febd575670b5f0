using EmotionGrid.Learning.Calibration;

namespace EmotionGrid.Learning.Tests.Calibration;

public class CalibrationErrorTests
{
    [Fact]
    public void Four_predictions_in_two_bins_give_the_hand_computed_error()
    {
        // Bin [0.6, 0.7): confidences 0.62 and 0.68 (mean 0.65), one right → |0.5 − 0.65| · 2/4 = 0.075.
        // Bin [0.9, 1.0]: confidences 0.90 and 0.96 (mean 0.93), both right → |1 − 0.93| · 2/4 = 0.035.
        float[][] probabilities = [[0.62f, 0.38f], [0.32f, 0.68f], [0.90f, 0.10f], [0.04f, 0.96f]];
        int[] truth = [0, 0, 0, 1];

        Assert.Equal(0.11, CalibrationError.Expected(probabilities, truth), 1e-6);
    }

    [Fact]
    public void The_bin_count_changes_the_grouping()
    {
        // One bin: mean confidence 0.79, accuracy 0.75 → 0.04.
        float[][] probabilities = [[0.62f, 0.38f], [0.32f, 0.68f], [0.90f, 0.10f], [0.04f, 0.96f]];
        int[] truth = [0, 0, 0, 1];

        Assert.Equal(0.04, CalibrationError.Expected(probabilities, truth, bins: 1), 1e-6);
    }

    [Fact]
    public void Always_certain_and_right_half_the_time_is_off_by_a_half()
    {
        var probabilities = Enumerable.Range(0, 100).Select(_ => new[] { 1f, 0f, 0f }).ToArray();
        var truth = Enumerable.Range(0, 100).Select(i => i % 2 == 0 ? 0 : 2).ToArray();

        Assert.Equal(0.5, CalibrationError.Expected(probabilities, truth), 1e-9);
    }

    [Fact]
    public void Perfectly_right_and_certain_is_zero()
    {
        float[][] probabilities = [[1f, 0f], [0f, 1f], [0f, 1f]];

        Assert.Equal(0, CalibrationError.Expected(probabilities, [0, 1, 1]), 1e-12);
    }

    [Fact]
    public void Calibrated_synthetic_predictions_have_a_small_error_and_overconfident_ones_a_large_one()
    {
        var random = new Random(11);
        const int n = 20_000;
        var calibrated = new float[n][];
        var overconfident = new float[n][];
        var truth = new int[n];
        for (var i = 0; i < n; i++)
        {
            var c = 0.5 + (0.5 * random.NextDouble());
            var predicted = random.Next(3);
            var other = (predicted + 1 + random.Next(2)) % 3;
            truth[i] = random.NextDouble() < c ? predicted : other;
            calibrated[i] = new float[3];
            calibrated[i][predicted] = (float)c;
            calibrated[i][other] = (float)(1 - c);
            // Claims halfway between c and certainty: off by (1 − c) / 2 on average, 0.125.
            overconfident[i] = new float[3];
            overconfident[i][predicted] = (float)((1 + c) / 2);
            overconfident[i][other] = (float)((1 - c) / 2);
        }

        var ece = CalibrationError.Expected(calibrated, truth);
        Assert.True(ece < 0.03, $"ECE {ece:F4}");
        Assert.Equal(0.125, CalibrationError.Expected(overconfident, truth), 0.02);
    }

    [Fact]
    public void Refuses_mismatched_or_empty_input()
    {
        Assert.Throws<ArgumentException>(() => CalibrationError.Expected([[1f, 0f]], [0, 1]));
        Assert.Throws<ArgumentException>(() => CalibrationError.Expected([], []));
        Assert.Throws<ArgumentOutOfRangeException>(() => CalibrationError.Expected([[1f, 0f]], [0], bins: 0));
        Assert.Throws<ArgumentNullException>(() => CalibrationError.Expected(null!, [0]));
        Assert.Throws<ArgumentNullException>(() => CalibrationError.Expected([[1f, 0f]], null!));
    }
}
