using EmotionGrid.Storage.Blobs;

namespace EmotionGrid.Grains.Intake;

/// <summary>Moves a blob into a container under its own name, or <c>name (2)</c>, … when taken: never overwrites.</summary>
public static class BlobMover
{
    private const int MaxCandidates = 10_000;

    public static async Task<string> MoveWithoutOverwriteAsync(
        IBlobStore store, string sourceKey, string container, string name, CancellationToken cancellationToken,
        Func<string, Task>? beforeMove = null)
    {
        foreach (var candidate in BlobKey.Candidates(name).Take(MaxCandidates))
        {
            var destination = BlobContainers.Key(container, candidate);
            if (await store.GetAsync(destination, cancellationToken) is not null)
            {
                continue;
            }

            if (beforeMove is not null)
            {
                await beforeMove(destination);
            }

            if (await store.TryMoveAsync(sourceKey, destination, cancellationToken))
            {
                return destination;
            }
        }

        throw new IOException($"no free name for '{name}' in {container}/ after {MaxCandidates} tries");
    }
}
