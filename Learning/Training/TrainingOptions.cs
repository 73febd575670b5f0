using EmotionGrid.Learning.Normalisation;

namespace EmotionGrid.Learning.Training;

/// <summary>
/// How <see cref="EmotionModelTrainer"/> trains: normalisation (<c>speaker</c> or <c>global</c>), the files a speaker
/// needs for their own statistics, the number of speaker-grouped folds, the seed, whether training folds are
/// balanced by oversampling the smaller classes, and whether confidences are calibrated by temperature.
/// </summary>
public sealed record TrainingOptions(
    string Normalisation = NormalisationMode.Speaker,
    int MinSpeakerFiles = TrainingOptions.DefaultMinSpeakerFiles,
    int Folds = 4,
    int Seed = 0,
    bool BalanceClasses = true,
    bool Calibrate = true)
{
    public const int DefaultMinSpeakerFiles = 8;
}
