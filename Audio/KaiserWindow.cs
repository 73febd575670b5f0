namespace EmotionGrid.Audio;

/// <summary>
/// The Kaiser window and its design formulas (Kaiser 1974): for a stopband attenuation of A dB,
/// beta and the filter length that achieve it for a given transition width.
/// </summary>
internal static class KaiserWindow
{
    /// <summary>Kaiser's beta for a stopband attenuation of <paramref name="attenuationDb"/> (above 50 dB).</summary>
    public static double Beta(double attenuationDb) =>
        attenuationDb > 50 ? 0.1102 * (attenuationDb - 8.7)
        : attenuationDb >= 21 ? (0.5842 * Math.Pow(attenuationDb - 21, 0.4)) + (0.07886 * (attenuationDb - 21))
        : 0;

    /// <summary>Filter length in samples for the attenuation and a transition width in cycles per sample.</summary>
    public static double Length(double attenuationDb, double transitionCyclesPerSample) =>
        (attenuationDb - 7.95) / (2.285 * 2 * Math.PI * transitionCyclesPerSample);

    /// <summary>The window at <paramref name="x"/> in [-1, 1] (zero outside).</summary>
    public static double Value(double x, double beta)
    {
        if (x is < -1 or > 1)
        {
            return 0;
        }

        return BesselI0(beta * Math.Sqrt(1 - (x * x))) / BesselI0(beta);
    }

    /// <summary>Modified Bessel function of the first kind, order 0, by its power series.</summary>
    public static double BesselI0(double x)
    {
        var halfX = x / 2;
        var term = 1.0;
        var sum = 1.0;
        for (var k = 1; k < 500; k++)
        {
            term *= halfX / k;
            var squared = term * term;
            sum += squared;
            if (squared < sum * 1e-17)
            {
                break;
            }
        }

        return sum;
    }
}
