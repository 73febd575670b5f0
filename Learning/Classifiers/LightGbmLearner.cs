using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Trainers.LightGbm;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>ML.NET's LightGBM multiclass trainer (softmax objective) as a learner.</summary>
public sealed class LightGbmLearner(LightGbmParameters parameters) : IClassifierLearner
{
    public const string Name = "lightgbm";

    public LightGbmParameters Parameters { get; } = parameters ?? throw new ArgumentNullException(nameof(parameters));

    public string Learner => Name;

    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["leaves"] = Parameters.Leaves.ToString(CultureInfo.InvariantCulture),
        ["iterations"] = Parameters.Iterations.ToString(CultureInfo.InvariantCulture),
        ["learningRate"] = Parameters.LearningRate.ToString(CultureInfo.InvariantCulture),
        ["minExamplesPerLeaf"] = Parameters.MinExamplesPerLeaf.ToString(CultureInfo.InvariantCulture),
        ["l2"] = Parameters.L2Regularization.ToString(CultureInfo.InvariantCulture),
        ["threads"] = Parameters.Threads.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Parameters.Seed.ToString(CultureInfo.InvariantCulture),
    };

    /// <remarks>Cancellation is noticed while ML.NET reads the rows and after boosting, not during it.</remarks>
    public IEmotionClassifier Fit(float[][] x, int[] y, int classCount, CancellationToken cancellationToken = default)
    {
        var present = MlNetTraining.Validate(x, y, classCount);
        Parameters.Validate();
        cancellationToken.ThrowIfCancellationRequested();
        var context = MlNetTraining.Context(Parameters.Seed);
        var trainer = context.MulticlassClassification.Trainers.LightGbm(new LightGbmMulticlassTrainer.Options
        {
            NumberOfLeaves = Parameters.Leaves,
            NumberOfIterations = Parameters.Iterations,
            LearningRate = Parameters.LearningRate,
            MinimumExampleCountPerLeaf = Parameters.MinExamplesPerLeaf,
            Booster = new GradientBooster.Options { L2Regularization = Parameters.L2Regularization },
            NumberOfThreads = Parameters.Threads,
            Seed = Parameters.Seed,
            UseSoftmax = true,
            // LightGBM's determinism needs a fixed histogram layout too: left to itself it times row- against
            // column-wise on the data and takes the faster. Column-wise suits many features and few threads.
            Deterministic = true,
            ForceColumnWise = true,
            Silent = true,
            Verbose = false,
        });
        var transformer = trainer.Fit(MlNetTraining.Data(context, x, y, present, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        return new LightGbmEmotionClassifier(MlNetModel.Fitted(context, transformer, classCount, x[0].Length));
    }
}
