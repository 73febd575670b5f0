using EmotionGrid.Storage.Blobs;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.DependencyInjection;
using EmotionGrid.Storage.FileSystem;
using EmotionGrid.Storage.Sqlite;

namespace EmotionGrid.Storage;

public static class StorageRegistration
{
    /// <summary>The bucket as folders under <paramref name="root"/> (embedded mode).</summary>
    public static IServiceCollection AddFileSystemBlobStore(this IServiceCollection services, string root) =>
        services.AddSingleton<IBlobStore>(_ => new FileSystemBlobStore(root));

    /// <summary>The catalog in a SQLite file (embedded mode); the schema is created on first use.</summary>
    public static IServiceCollection AddSqliteCatalog(this IServiceCollection services, string databasePath) =>
        services
            .AddSingleton(_ =>
            {
                var catalog = new SqliteFileCatalog(databasePath);
                catalog.InitializeAsync().GetAwaiter().GetResult(); // once, at resolution; SQLite is local and fast
                return catalog;
            })
            .AddSingleton<IFileCatalog>(sp => sp.GetRequiredService<SqliteFileCatalog>())
            .AddSingleton<IFileCatalogQueries>(sp => sp.GetRequiredService<SqliteFileCatalog>());

    /// <summary>Model versions and training runs in the same SQLite file as the catalog.</summary>
    public static IServiceCollection AddSqliteModelRegistry(this IServiceCollection services, string databasePath) =>
        services.AddSingleton<IModelRegistry>(_ =>
        {
            var registry = new SqliteModelRegistry(databasePath);
            registry.InitializeAsync().GetAwaiter().GetResult();
            return registry;
        });

    /// <summary>Cluster names in the same SQLite file as the catalog.</summary>
    public static IServiceCollection AddSqliteClusterNames(this IServiceCollection services, string databasePath) =>
        services.AddSingleton<IClusterNameStore>(_ =>
        {
            var names = new SqliteClusterNameStore(databasePath);
            names.InitializeAsync().GetAwaiter().GetResult();
            return names;
        });
}
