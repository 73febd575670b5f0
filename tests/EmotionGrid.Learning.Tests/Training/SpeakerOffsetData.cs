using EmotionGrid.Learning.Training;

namespace EmotionGrid.Learning.Tests.Training;

/// <summary>
/// Speakers who each say every emotion equally often: class c adds <c>shift</c> to feature c (of 4 classes), every
/// feature has unit noise, and each speaker adds a large offset of their own to every feature. Across speakers the
/// offset swamps the emotion; within one speaker it is a constant that speaker normalisation takes away.
/// </summary>
internal static class SpeakerOffsetData
{
    public const int Features = 6;

    public static readonly string[] Classes = ["angry", "happy", "neutral", "sad"];

    public static (List<float[]> Vectors, List<string> Speakers, List<int> Labels) Rows(
        int speakers, int perSpeaker, int seed, double shift = 3, double offset = 6, string prefix = "s")
    {
        var random = new Random(seed);
        var vectors = new List<float[]>();
        var names = new List<string>();
        var labels = new List<int>();
        for (var s = 0; s < speakers; s++)
        {
            var own = new double[Features];
            for (var j = 0; j < Features; j++)
            {
                own[j] = offset * SyntheticData.Gaussian(random);
            }

            for (var i = 0; i < perSpeaker; i++)
            {
                var label = i % Classes.Length;
                var row = new float[Features];
                for (var j = 0; j < Features; j++)
                {
                    row[j] = (float)(own[j] + SyntheticData.Gaussian(random) + (j == label ? shift : 0));
                }

                vectors.Add(row);
                names.Add($"{prefix}{s:D2}");
                labels.Add(label);
            }
        }

        return (vectors, names, labels);
    }

    public static TrainingData Create(int speakers, int perSpeaker, int seed)
    {
        var (vectors, names, labels) = Rows(speakers, perSpeaker, seed);
        return new TrainingData([.. vectors], [.. names], [.. labels], Classes, [.. names]);
    }
}
