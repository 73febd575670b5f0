namespace EmotionGrid.OnnxModels;

/// <summary>
/// The error function, which .NET lacks. Numerical Recipes' Chebyshev fit of erfc: fractional error
/// below 1.2e-7 everywhere, more than float GELU needs.
/// </summary>
public static class Erf
{
    private static readonly double[] Coefficients =
        [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

    public static double Of(double x)
    {
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));

        // Horner: c0 + t·(c1 + t·(c2 + …)).
        var polynomial = 0.0;
        for (var i = Coefficients.Length - 1; i >= 0; i--)
        {
            polynomial = Coefficients[i] + (t * polynomial);
        }

        var erfc = t * Math.Exp(-(z * z) + polynomial);
        return x >= 0 ? 1.0 - erfc : erfc - 1.0;
    }
}
