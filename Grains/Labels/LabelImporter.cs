using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Labels;
using EmotionGrid.Contracts.Grains;
using EmotionGrid.Storage.Catalog;

namespace EmotionGrid.Grains.Labels;

/// <summary>Applies labels from a CSV or from a person, then lets the training grain decide whether to run (automatic training).</summary>
public sealed class LabelImporter(IFileCatalog catalog, IGrainFactory grains)
{
    public async Task<LabelImportResult> ImportCsvAsync(string csv, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<LabelsCsv.Row> rows;
        try
        {
            rows = LabelsCsv.Parse(csv);
        }
        catch (LabelFormatException e)
        {
            throw new LabelFormatException($"labels CSV: {e.Message}"); // says which input was wrong
        }

        var applied = 0;
        var speakers = 0;
        var unknown = new List<string>();
        foreach (var row in rows)
        {
            var ids = row.Id is not null
                ? (await catalog.GetAsync(row.Id, cancellationToken) is null ? [] : [row.Id])
                : await catalog.FindIdsByNameAsync(row.Name!, cancellationToken);
            if (ids.Count == 0)
            {
                unknown.Add(row.Id ?? row.Name!);
                continue;
            }

            foreach (var id in ids)
            {
                if (row.Emotion is not null)
                {
                    applied += await catalog.SetLabelAsync(id, row.Emotion, LabelSource.Csv, cancellationToken: cancellationToken) ? 1 : 0;
                }

                // Apart from the label: who speaks is a fact about the file, set even where a stronger label keeps this row's emotion out.
                if (row.Speaker is not null)
                {
                    speakers += await catalog.SetSpeakerAsync(id, row.Speaker, cancellationToken) ? 1 : 0;
                }
            }
        }

        await grains.GetGrain<ITrainingGrain>(ITrainingGrain.Key).LabelledFileArrivedAsync();
        return new LabelImportResult(applied, unknown, speakers);
    }

    /// <summary>A person's word on who speaks in one file (validated by <see cref="SpeakerName"/>); false when there is no such file.</summary>
    public Task<bool> SetSpeakerAsync(string id, string speaker, CancellationToken cancellationToken = default) =>
        catalog.SetSpeakerAsync(id, SpeakerName.Validate(speaker), cancellationToken);

    /// <summary>A person's label for one file; false when there is no such file.</summary>
    public async Task<bool> LabelFileAsync(string id, string emotion, CancellationToken cancellationToken = default)
    {
        var applied = await catalog.SetLabelAsync(id, EmotionName.Normalize(emotion), LabelSource.Manual, cancellationToken: cancellationToken);
        if (applied)
        {
            await grains.GetGrain<ITrainingGrain>(ITrainingGrain.Key).LabelledFileArrivedAsync();
        }

        return applied;
    }
}
