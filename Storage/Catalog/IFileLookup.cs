namespace EmotionGrid.Storage.Catalog;

/// <summary>One catalog row by id: what both sides of the catalog (<see cref="IFileCatalog"/>, <see cref="IFileCatalogQueries"/>) read.</summary>
public interface IFileLookup
{
    Task<FileRecord?> GetAsync(string id, CancellationToken cancellationToken = default);
}
