using System.Globalization;
using System.Text;
using System.Text.Json;
using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Vectors;

namespace EmotionGrid.Grains.Models;

/// <summary>Reads and writes a version's files under <c>models/v&lt;N&gt;/</c> in the blob store.</summary>
public sealed class ModelStore(IBlobStore store)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = false };

    public static string Folder(int version) => $"{BlobContainers.Models}/v{version}";

    public static string ModelKey(int version) => $"{Folder(version)}/model.json";

    public async Task<string> WriteModelAsync(ModelDocument document, CancellationToken cancellationToken)
    {
        var key = ModelKey(document.Version);
        await using var stream = new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(document, Json));
        await store.WriteAsync(key, stream, overwrite: true, cancellationToken);
        return key;
    }

    public async Task<ModelDocument> ReadModelAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        return await JsonSerializer.DeserializeAsync<ModelDocument>(stream, Json, cancellationToken)
            ?? throw new InvalidDataException($"{key} is empty");
    }

    /// <summary>The vectors and labels a run used: <c>snapshot.npy</c> (files × dimension) and <c>snapshot.csv</c>.</summary>
    public async Task<string> WriteSnapshotAsync(int version, TrainingSnapshot snapshot, CancellationToken cancellationToken)
    {
        var folder = Folder(version);
        var matrix = new float[snapshot.Files.Count * snapshot.Dimension];
        for (var i = 0; i < snapshot.Files.Count; i++)
        {
            snapshot.Vectors[i].CopyTo(matrix.AsSpan(i * snapshot.Dimension));
        }

        await using (var npy = new MemoryStream())
        {
            NpyFormat.Write(npy, matrix, [snapshot.Files.Count, snapshot.Dimension]);
            npy.Position = 0;
            await store.WriteAsync($"{folder}/snapshot.npy", npy, overwrite: true, cancellationToken);
        }

        var csv = new StringBuilder("row,id,name,label,label_source,group\n");
        for (var i = 0; i < snapshot.Files.Count; i++)
        {
            var f = snapshot.Files[i];
            csv.Append(CultureInfo.InvariantCulture, $"{i},{f.Id},{Quote(f.Name)},{f.Label},{f.LabelSource},{Quote(snapshot.Groups[i])}\n");
        }

        await using (var text = new MemoryStream(Encoding.UTF8.GetBytes(csv.ToString())))
        {
            await store.WriteAsync($"{folder}/snapshot.csv", text, overwrite: true, cancellationToken);
        }

        return $"{folder}/snapshot.npy";
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\n\r") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
