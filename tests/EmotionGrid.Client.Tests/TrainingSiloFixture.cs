using EmotionGrid.Client.Tests.Support;
using EmotionGrid.Testing;

namespace EmotionGrid.Client.Tests;

/// <summary>
/// A silo holding 48 real RAVDESS clips of actors 1–2 (calm, happy, sad, angry: 6 of each per actor; the names
/// give labels and speakers), embedded before the first test, and a low <c>Training:MinLabelledFiles</c>.
/// The first <c>train --wait</c> runs once, through the CLI, for whichever test needs a model first.
/// </summary>
public sealed class TrainingSiloFixture : SiloFixture
{
    public static readonly string[] LabelSet = TestData.TrainedEmotions;

    private readonly Lazy<Task<CliRun>> _firstTraining;

    public TrainingSiloFixture()
    {
        _firstTraining = new(() => Cli.RunAsync("train", "--wait", "--server", Url));
    }

    protected override IDictionary<string, string>? Settings => new Dictionary<string, string>
    {
        ["EmotionGrid__Training__MinLabelledFiles"] = "10",
        ["EmotionGrid__Transcription__Enabled"] = "auto", // predictions say what was said where PocketSphinx is installed
    };

    public IReadOnlyList<string> TrainingFiles { get; private set; } = [];

    /// <summary>The output of the first <c>emotiongrid train --wait</c> on this silo (run on first use).</summary>
    public Task<CliRun> FirstTraining => _firstTraining.Value;

    /// <summary>The RAVDESS emotion of a file name (<c>03-01-EE-…</c>), or null outside the label set.</summary>
    public static string? EmotionOf(string path) => TestData.TrainedEmotionOf(path);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        if (TestData.RavdessRoot is null)
        {
            return; // each test skips (or fails under EMOTIONGRID_REQUIRE_ALL) with the reason
        }

        TrainingFiles = [.. Enumerable.Range(1, 2)
            .SelectMany(actor => TestData.RavdessFiles($"16k/Actor_{actor:00}")
                .Where(f => EmotionOf(f) is not null)
                .GroupBy(EmotionOf)
                .SelectMany(g => g.Take(6)))];
        Directory.CreateDirectory(Root.Folder("incoming"));
        foreach (var file in TrainingFiles)
        {
            File.Copy(file, Path.Combine(Root.Folder("incoming"), Path.GetFileName(file)));
        }

        await Silo.WaitForSettledAsync(TrainingFiles.Count, TimeSpan.FromMinutes(3));
    }
}
