using Microsoft.ML.Trainers;

namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// A fitted LightGBM model behind <see cref="IEmotionClassifier"/>. Scores through ML.NET's own prediction engines,
/// pooled so that any number of threads can predict at once.
/// </summary>
public sealed class LightGbmEmotionClassifier : IEmotionClassifier
{
    private readonly MlNetModel _model;
    private readonly MlNetPredictionPool _engines;

    internal LightGbmEmotionClassifier(MlNetModel model)
    {
        // ML.NET keeps LightGBM's multiclass model as one boosted ensemble per class; a payload of another learner is refused here.
        model.Parameters<OneVersusAllModelParameters>();
        _model = model;
        _engines = new MlNetPredictionPool(model);
    }

    public string Learner => LightGbmLearner.Name;

    public int ClassCount => _model.ClassCount;

    public int FeatureCount => _model.FeatureCount;

    /// <summary>Loads a saved <c>lightgbm</c> model (via <see cref="ClassifierModels.Load"/>).</summary>
    internal static LightGbmEmotionClassifier FromModel(ClassifierModel model) => new(MlNetModel.Load(model, LightGbmLearner.Name));

    public float[] PredictProbabilities(ReadOnlySpan<float> vector)
    {
        Matrix.RequireDimension(FeatureCount, vector.Length, nameof(vector));
        Span<float> slots = stackalloc float[_model.SlotClasses.Length];
        _engines.Score(vector, slots);
        return _model.Expand(slots);
    }

    public ClassifierModel ToModel() => new(Learner, ClassCount, FeatureCount, Payload: _model.Payload());
}
