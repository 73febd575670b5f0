using EmotionGrid.Contracts.Files;
using EmotionGrid.Grains.Models;
using EmotionGrid.Grains.Training;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Tests;

public sealed class TrainingSetTests
{
    private static readonly string[] LabelSet = ["calm", "happy", "sad", "angry"];

    [Fact]
    public void Only_labels_in_the_label_set_are_trained_on_with_classes_in_label_set_order()
    {
        var set = TrainingSet.From(Snapshot(("sad", "s1"), ("neutral", "s1"), (null, null), ("Happy", "s2"), ("sad", "s2")), LabelSet);

        Assert.Equal(["happy", "sad"], set.Emotions);
        Assert.Equal([1, 0, 1], set.Y);
        Assert.Equal(["s1", "s2", "s2"], set.Groups);
        Assert.Equal(2, set.Unlabelled);
        Assert.Equal(2, set.SpeakerCount);
    }

    [Fact]
    public void Files_without_a_speaker_are_their_own_group_and_weak_labels_are_counted()
    {
        var files = new List<LabelledFile>
        {
            new("id-a", "a.wav", "v/a.npy", null, "sad", LabelSource.Cluster, null),
            new("id-b", "b.wav", "v/b.npy", null, "calm", LabelSource.Csv, null),
        };
        var set = TrainingSet.From(new TrainingSnapshot(files, [[1f], [2f]], ["id-a", "id-b"], 1), LabelSet);

        Assert.Equal(["id-a", "id-b"], set.Groups);
        Assert.Equal(1, set.WeakLabels);
    }

    [Fact]
    public void Too_few_files_one_emotion_or_one_speaker_are_refused_with_the_reason()
    {
        string Refused(TrainingSnapshot snapshot, int minimum) =>
            Assert.Throws<TrainingRefusedException>(() => TrainingSet.EnsureTrainable(snapshot.Files, LabelSet, minimum, "acoustic-v1")).Message;

        Assert.Contains("too few labelled files", Refused(Snapshot(("sad", "s1"), ("happy", "s2"), ("neutral", "s3")), 3));
        Assert.Contains("at least two emotions", Refused(Snapshot(("sad", "s1"), ("sad", "s2"), ("SAD", "s3")), 2));
        Assert.Contains("two speakers", Refused(Snapshot(("sad", "s1"), ("happy", "s1"), ("calm", "s1")), 2));

        var trainable = Snapshot(("sad", "s1"), ("happy", "s2"), ("calm", "s3"));
        Assert.Null(TrainingSet.Refusal(trainable.Files, LabelSet, 3, "acoustic-v1"));
        Assert.Null(TrainingSet.Refusal(Snapshot(("sad", null), ("happy", null)).Files, LabelSet, 2, "acoustic-v1")); // each file its own group
    }

    private static TrainingSnapshot Snapshot(params (string? Label, string? Speaker)[] files)
    {
        var list = files.Select((f, i) => new LabelledFile($"id-{i}", $"{i}.wav", $"v/{i}.npy", null, f.Label, f.Label is null ? null : LabelSource.Csv, f.Speaker)).ToList();
        return new TrainingSnapshot(list, list.Select((_, i) => new float[] { i }).ToList(), list.Select(f => f.Speaker ?? f.Id).ToList(), 1);
    }
}
