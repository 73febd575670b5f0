using System.Net.Http.Json;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>With <c>Training:AutoTrainAfterNewLabels</c>, labelled files arriving start a run without anyone asking.</summary>
public sealed class AutomaticTrainingTests
{
    [Fact]
    public async Task Enough_new_labels_start_a_training_run_by_themselves()
    {
        using var root = new TempDataRoot();
        var settings = new Dictionary<string, string>
        {
            ["EmotionGrid__Training__AutoTrainAfterNewLabels"] = "40",
            ["EmotionGrid__Training__MinLabelledFiles"] = "20",
        };
        await using var silo = new SiloProcess(root.Path, settings);
        await silo.StartAsync();

        // 36 files: below the threshold, no model.
        foreach (var file in TestData.RavdessFiles("16k/Actor_05"))
        {
            File.Copy(file, Path.Combine(root.Folder("incoming"), Path.GetFileName(file)));
        }

        await silo.WaitForSettledAsync(36, TimeSpan.FromMinutes(2));
        await Task.Delay(1000);
        Assert.Empty((await silo.Client.GetFromJsonAsync<List<ModelSummary>>("/api/models"))!);

        // 36 more labelled by their names: past 40, a run starts and publishes v1.
        foreach (var file in TestData.RavdessFiles("16k/Actor_06"))
        {
            File.Copy(file, Path.Combine(root.Folder("incoming"), Path.GetFileName(file)));
        }

        var models = await silo.WaitForAsync(async () =>
        {
            var list = await silo.Client.GetFromJsonAsync<List<ModelSummary>>("/api/models");
            return list!.Count > 0 ? list : null;
        }, TimeSpan.FromMinutes(4), "an automatic training run to publish a model");
        Assert.Equal(1, models[0].Version);
        Assert.True(models[0].Active);
    }
}
