using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Vectors;

namespace EmotionGrid.Grains.Models;

/// <summary>Loads the vectors of embedded files (and their segment matrices) from the blob store.</summary>
public sealed class VectorReader(IBlobStore store)
{
    public async Task<float[]> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        return NpyFormat.Read(stream).Data;
    }

    /// <summary>Rows of a 2-D <c>.npy</c> (segment vectors).</summary>
    public async Task<float[][]> ReadRowsAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken);
        var (data, shape) = NpyFormat.Read(stream);
        var (rows, columns) = (shape[0], shape[1]);
        return Enumerable.Range(0, rows).Select(r => data.AsSpan(r * columns, columns).ToArray()).ToArray();
    }

    public async Task<TrainingSnapshot> SnapshotAsync(IReadOnlyList<LabelledFile> files, CancellationToken cancellationToken)
    {
        var vectors = new float[files.Count][];
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => vectors[i] = await ReadAsync(files[i].VectorBlob, ct));
        var dimension = vectors.Length == 0 ? 0 : vectors[0].Length;
        if (vectors.Any(v => v.Length != dimension))
        {
            throw new InvalidDataException("the embedded vectors do not all have the same dimension");
        }

        return new TrainingSnapshot(files, vectors, files.Select(f => f.Speaker ?? f.Id).ToList(), dimension);
    }
}
