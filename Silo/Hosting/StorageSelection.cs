using EmotionGrid.Silo.Configuration;
using EmotionGrid.Storage;
using EmotionGrid.Storage.Azure;
using EmotionGrid.Storage.Postgres;

namespace EmotionGrid.Silo.Hosting;

public static class StorageSelection
{
    /// <summary>
    /// The bucket and the catalog the configuration names: folders under DataRoot or an Azure Blob container;
    /// a SQLite file or PostgreSQL (catalog, model registry and cluster names together). Network stores are created
    /// and checked by <see cref="StoreInitializer"/> before the silo starts.
    /// </summary>
    public static IServiceCollection AddEmotionGridStorage(this IServiceCollection services, EmotionGridOptions options)
    {
        var dataRoot = options.FullDataRoot;
        if (options.Storage.IsAzureBlob)
        {
            services.AddAzureBlobStore(new AzureBlobStoreOptions
            {
                ConnectionString = options.Storage.ConnectionString!,
                Container = options.Storage.Container,
                ServiceVersion = string.IsNullOrWhiteSpace(options.Storage.ServiceVersion) ? null : options.Storage.ServiceVersion,
            });
        }
        else
        {
            services.AddFileSystemBlobStore(dataRoot);
        }

        if (options.Catalog.IsPostgres)
        {
            services.AddPostgresCatalog(options.Catalog.ConnectionString!);
        }
        else
        {
            var database = Path.Combine(dataRoot, "catalog.db");
            services.AddSqliteCatalog(database);
            services.AddSqliteModelRegistry(database);
            services.AddSqliteClusterNames(database);
        }

        // Run by Program before the host starts: Orleans must not start on a store that is not there.
        services.AddSingleton<StoreInitializer>();
        return services;
    }
}
