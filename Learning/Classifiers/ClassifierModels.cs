namespace EmotionGrid.Learning.Classifiers;

/// <summary>Turns a saved <see cref="ClassifierModel"/> back into a classifier of the learner that made it.</summary>
public static class ClassifierModels
{
    public static IEmotionClassifier Load(ClassifierModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Learner switch
        {
            ForestLearner.Name => new ForestEmotionClassifier(RandomForestClassifier.FromModel(
                model.Forest ?? throw new ArgumentException("a forest model has no trees", nameof(model)))),
            LightGbmLearner.Name => LightGbmEmotionClassifier.FromModel(model),
            MaxEntLearner.Name => MaxEntEmotionClassifier.FromModel(model),
            EnsembleLearner.Name => new EnsembleEmotionClassifier([.. (model.Members ?? throw new ArgumentException("an ensemble model has no members", nameof(model))).Select(Load)]),
            _ => throw new ArgumentException($"unknown learner '{model.Learner}'", nameof(model)),
        };
    }
}
