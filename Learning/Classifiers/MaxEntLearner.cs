using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>ML.NET's SDCA maximum-entropy trainer (multinomial logistic regression) as a learner.</summary>
public sealed class MaxEntLearner(MaxEntParameters parameters) : IClassifierLearner
{
    public const string Name = "maxent";

    public MaxEntParameters Parameters { get; } = parameters ?? throw new ArgumentNullException(nameof(parameters));

    public string Learner => Name;

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["l2"] = Parameters.L2Regularization.ToString(CultureInfo.InvariantCulture),
        ["l1"] = Parameters.L1Regularization.ToString(CultureInfo.InvariantCulture),
        ["maxIterations"] = Parameters.MaxIterations.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Parameters.Seed.ToString(CultureInfo.InvariantCulture),
    };

    /// <remarks>Cancellation is noticed on every row of every SDCA pass.</remarks>
    public IEmotionClassifier Fit(float[][] x, int[] y, int classCount, CancellationToken cancellationToken = default)
    {
        var present = MlNetTraining.Validate(x, y, classCount);
        Parameters.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var context = MlNetTraining.Context(Parameters.Seed);
        var trainer = context.MulticlassClassification.Trainers.SdcaMaximumEntropy(new SdcaMaximumEntropyMulticlassTrainer.Options
        {
            L2Regularization = (float)Parameters.L2Regularization,
            L1Regularization = (float)Parameters.L1Regularization,
            MaximumNumberOfIterations = Parameters.MaxIterations,
            // SDCA's threads update shared weights in whatever order they run: one thread makes the fit repeatable.
            NumberOfThreads = 1,
        });
        var transformer = trainer.Fit(MlNetTraining.Data(context, x, y, present, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return new MaxEntEmotionClassifier(MlNetModel.Fitted(context, transformer, classCount, x[0].Length));
    }
}
