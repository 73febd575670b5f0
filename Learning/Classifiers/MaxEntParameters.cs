namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// Multinomial logistic regression (maximum entropy) fitted by SDCA, on one thread so a seed fixes the result.
/// <paramref name="L2Regularization"/> is SDCA's λ on the mean loss; <paramref name="L1Regularization"/> its L1
/// threshold (0 keeps every weight). SDCA stops at <paramref name="MaxIterations"/> passes or on convergence, whichever
/// comes first. Expects standardised features (it still fits without, only slower and worse conditioned).
/// </summary>
public sealed record MaxEntParameters(
    double L2Regularization = 0.01,
    double L1Regularization = 0,
    int MaxIterations = 100,
    int Seed = 1)
{
    /// <summary>
    /// The default search: mostly the strength of L2 (170–400 standardised features against a few hundred to a few
    /// thousand rows over-fit easily), and one sparse setting. Stronger regularisation first: it converges in fewer
    /// passes, and a tie keeps it.
    /// </summary>
    public static IReadOnlyList<MaxEntParameters> DefaultGrid { get; } =
    [
        new(L2Regularization: 0.1),
        new(L2Regularization: 0.01),
        new(L2Regularization: 0.001),
        new(L2Regularization: 0.01, L1Regularization: 0.01),
    ];

    internal void Validate()
    {
        if (!(L2Regularization > 0 && double.IsFinite(L2Regularization)))
        {
            throw new ArgumentOutOfRangeException(nameof(L2Regularization), L2Regularization, "L2Regularization must be finite and above 0 (SDCA divides by it)");
        }

        if (!(L1Regularization >= 0 && double.IsFinite(L1Regularization)))
        {
            throw new ArgumentOutOfRangeException(nameof(L1Regularization), L1Regularization, "L1Regularization must be finite and at least 0");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxIterations, 1, nameof(MaxIterations));
    }
}
