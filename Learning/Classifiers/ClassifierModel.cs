namespace EmotionGrid.Learning.Classifiers;

/// <summary>
/// A fitted classifier as plain data for <c>model.json</c>: our forest as its trees (<see cref="Forest"/>), an
/// ML.NET model as the bytes of its saved zip (<see cref="Payload"/>, base64 in JSON), an ensemble as its members'
/// saved forms (<see cref="Members"/>). One format per learner.
/// </summary>
public sealed record ClassifierModel(string Learner, int ClassCount, int FeatureCount, ForestModel? Forest = null, byte[]? Payload = null)
{
    public IReadOnlyList<ClassifierModel>? Members { get; init; }
}
