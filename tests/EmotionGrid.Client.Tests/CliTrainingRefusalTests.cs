using System.Net.Http.Json;
using EmotionGrid.Client.Tests.Support;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Testing;

namespace EmotionGrid.Client.Tests;

/// <summary>
/// <c>train</c> refused, on a silo of its own: no other test's labelled files may give its one speaker
/// company (a second speaker would let training go ahead).
/// </summary>
public sealed class CliTrainingRefusalTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private readonly TempDataRoot _work = new();

    private SiloProcess Silo => fixture.Silo;

    [Fact]
    public async Task Train_refuses_too_little_data_and_a_single_speaker_with_the_reason_and_exit_1()
    {
        var early = await Cli.RunAsync("train", "--server", fixture.Url);
        Assert.True(early.ExitCode == 1, early.ToString());
        Assert.StartsWith("emotiongrid: cannot train: too few labelled files to train", early.Error);

        // Twenty labelled files of one speaker: refused before a run starts (no speaker-independent evaluation possible).
        var clips = Enumerable.Range(0, 20).Select(i => Wav($"solo-{i:00}.wav", 700 + (i * 7))).ToArray();
        var submitted = await Cli.RunAsync(["submit", .. clips, "--server", fixture.Url]);
        Assert.True(submitted.ExitCode == 0, submitted.ToString());
        var csv = Path.Combine(_work.Path, "solo.csv");
        File.WriteAllLines(csv, ["name,emotion,speaker", .. clips.Select((c, i) => $"{Path.GetFileName(c)},{(i % 2 == 0 ? "calm" : "angry")},solo")]);
        var labelled = await Cli.RunAsync("label", csv, "--server", fixture.Url);
        Assert.True(labelled.ExitCode == 0 && labelled.Output.Contains("applied 20 labels", StringComparison.Ordinal), labelled.ToString());

        var run = await Cli.RunAsync("train", "--wait", "--server", fixture.Url);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.StartsWith("emotiongrid: cannot train: speaker-independent evaluation needs files from at least two speakers", run.Error);
        Assert.Empty((await Silo.Client.GetFromJsonAsync<List<TrainingRunView>>("/api/training"))!);
        Assert.Empty((await Silo.Client.GetFromJsonAsync<List<ModelSummary>>("/api/models"))!);
    }

    public void Dispose() => _work.Dispose();

    private string Wav(string name, double frequency)
    {
        var path = Path.Combine(_work.Path, name);
        File.WriteAllBytes(path, SineWav.Wav16(frequency, seconds: 1));
        return path;
    }
}
