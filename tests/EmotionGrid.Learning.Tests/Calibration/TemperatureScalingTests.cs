using EmotionGrid.Learning.Calibration;

namespace EmotionGrid.Learning.Tests.Calibration;

public class TemperatureScalingTests
{
    [Fact]
    public void Temperature_one_is_the_identity_above_the_floor()
    {
        float[] p = [0.1f, 0.2f, 0.3f, 0.4f];

        var scaled = TemperatureScaling.Apply(p, 1);

        for (var c = 0; c < p.Length; c++)
        {
            Assert.Equal(p[c], scaled[c], 1e-6f);
        }

        // A zero is clamped to the floor, and the rest renormalised around it.
        var withZero = TemperatureScaling.Apply([0f, 0.5f, 0.5f], 1);
        Assert.Equal(1e-4 / 1.0001, withZero[0], 1e-7);
        Assert.Equal(0.5 / 1.0001, withZero[1], 1e-6);
    }

    [Fact]
    public void Temperature_two_takes_square_roots()
    {
        // √0.1 : √0.9 = 1 : 3.
        var scaled = TemperatureScaling.Apply([0.1f, 0.9f], 2);

        Assert.Equal(0.25f, scaled[0], 1e-6f);
        Assert.Equal(0.75f, scaled[1], 1e-6f);
    }

    [Fact]
    public void The_arg_max_never_changes_and_the_result_sums_to_one()
    {
        var random = new Random(3);
        double[] temperatures = [0.05, 0.2, 0.5, 0.9, 1, 1.5, 3, 8, 20];
        for (var row = 0; row < 300; row++)
        {
            var p = RandomProbabilities(random, 5);
            var best = ArgMax(p);
            foreach (var t in temperatures)
            {
                var scaled = TemperatureScaling.Apply(p, t);
                Assert.Equal(best, ArgMax(scaled));
                Assert.Equal(1, scaled.Sum(), 1e-5);
                Assert.All(scaled, q => Assert.True(q >= 0 && float.IsFinite(q)));
            }
        }
    }

    [Fact]
    public void High_temperatures_flatten_towards_uniform_and_low_ones_sharpen_towards_the_arg_max()
    {
        float[] p = [0.05f, 0.15f, 0.7f, 0.1f];

        var flat = TemperatureScaling.Apply(p, 1e6);
        var warm = TemperatureScaling.Apply(p, 5);
        var sharp = TemperatureScaling.Apply(p, 0.05);

        Assert.All(flat, q => Assert.Equal(0.25f, q, 1e-4f));
        Assert.True(warm[2] < p[2] && warm[2] > 0.25f, $"warm top {warm[2]}");
        Assert.True(warm[0] > p[0], $"warm bottom {warm[0]}");
        Assert.Equal(1f, sharp[2], 1e-5f);
    }

    [Fact]
    public void Temperature_must_be_positive()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TemperatureScaling.Apply([0.5f, 0.5f], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => TemperatureScaling.Apply([0.5f, 0.5f], -1));
    }

    [Theory]
    [InlineData(2.0)] // over-confident: softened
    [InlineData(0.5)] // timid: sharpened
    [InlineData(1.0)] // already calibrated
    public void Fit_recovers_a_known_temperature(double truth)
    {
        var (probabilities, labels) = Distorted(rows: 4000, classes: 4, sharpening: truth, seed: 21);

        var fitted = TemperatureScaling.Fit(probabilities, labels);

        Assert.InRange(fitted, truth * 0.85, truth * 1.15);
    }

    [Fact]
    public void Fit_lowers_the_negative_log_likelihood_and_the_calibration_error()
    {
        var (probabilities, labels) = Distorted(rows: 3000, classes: 4, sharpening: 2, seed: 8);

        var t = TemperatureScaling.Fit(probabilities, labels);
        var scaled = Array.ConvertAll(probabilities, p => TemperatureScaling.Apply(p, t));

        Assert.True(Nll(scaled, labels) < Nll(probabilities, labels));
        Assert.True(Nll(scaled, labels) <= Nll(Array.ConvertAll(probabilities, p => TemperatureScaling.Apply(p, t * 1.2)), labels));
        Assert.True(Nll(scaled, labels) <= Nll(Array.ConvertAll(probabilities, p => TemperatureScaling.Apply(p, t / 1.2)), labels));
        Assert.True(CalibrationError.Expected(scaled, labels) < CalibrationError.Expected(probabilities, labels) / 2);
    }

    [Fact]
    public void Fit_refuses_mismatched_or_empty_input()
    {
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([[0.5f, 0.5f]], [0, 1]));
        Assert.Throws<ArgumentException>(() => TemperatureScaling.Fit([], []));
        Assert.Throws<ArgumentNullException>(() => TemperatureScaling.Fit(null!, [0]));
    }

    /// <summary>
    /// Labels drawn from softmax(logits), probabilities given as softmax(logits · <paramref name="sharpening"/>):
    /// temperature <paramref name="sharpening"/> undoes the distortion exactly.
    /// </summary>
    private static (float[][] Probabilities, int[] Labels) Distorted(int rows, int classes, double sharpening, int seed)
    {
        var random = new Random(seed);
        var probabilities = new float[rows][];
        var labels = new int[rows];
        for (var i = 0; i < rows; i++)
        {
            var logits = new double[classes];
            for (var c = 0; c < classes; c++)
            {
                logits[c] = SyntheticData.Gaussian(random);
            }

            var truth = Softmax(logits, 1);
            var u = random.NextDouble();
            labels[i] = classes - 1;
            for (var c = 0; c < classes; c++)
            {
                u -= truth[c];
                if (u < 0)
                {
                    labels[i] = c;
                    break;
                }
            }

            probabilities[i] = Array.ConvertAll(Softmax(logits, sharpening), p => (float)p);
        }

        return (probabilities, labels);
    }

    private static double[] Softmax(double[] logits, double factor)
    {
        var max = logits.Max() * factor;
        var e = Array.ConvertAll(logits, l => Math.Exp((l * factor) - max));
        var sum = e.Sum();
        return Array.ConvertAll(e, v => v / sum);
    }

    private static float[] RandomProbabilities(Random random, int classes)
    {
        var e = new double[classes];
        for (var c = 0; c < classes; c++)
        {
            e[c] = Math.Exp(2 * SyntheticData.Gaussian(random));
        }

        var sum = e.Sum();
        return Array.ConvertAll(e, v => (float)(v / sum));
    }

    private static double Nll(float[][] probabilities, int[] labels) =>
        labels.Select((y, i) => -Math.Log(Math.Max(probabilities[i][y], 1e-12))).Average();

    private static int ArgMax(float[] p)
    {
        var best = 0;
        for (var c = 1; c < p.Length; c++)
        {
            best = p[c] > p[best] ? c : best;
        }

        return best;
    }
}
