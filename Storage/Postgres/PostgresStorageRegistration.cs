using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EmotionGrid.Storage.Postgres;

public static class PostgresStorageRegistration
{
    /// <summary>
    /// The catalog, the model registry and the cluster names in one PostgreSQL database (distributed mode), over one
    /// pooled <see cref="NpgsqlDataSource"/>. Nothing connects at resolution: the silo calls
    /// <see cref="InitializePostgresCatalogAsync"/> at start, so an unreachable server is reported, not hung on.
    /// </summary>
    public static IServiceCollection AddPostgresCatalog(this IServiceCollection services, string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return services
            .AddSingleton(_ => CreateDataSource(connectionString)) // at first resolution: the silo's initializer reports a malformed string
            .AddSingleton(sp => new PostgresFileCatalog(sp.GetRequiredService<NpgsqlDataSource>()))
            .AddSingleton<IFileCatalog>(sp => sp.GetRequiredService<PostgresFileCatalog>())
            .AddSingleton<IFileCatalogQueries>(sp => sp.GetRequiredService<PostgresFileCatalog>())
            .AddSingleton<IModelRegistry>(sp => new PostgresModelRegistry(sp.GetRequiredService<NpgsqlDataSource>()))
            .AddSingleton<IClusterNameStore>(sp => new PostgresClusterNameStore(sp.GetRequiredService<NpgsqlDataSource>()));
    }

    /// <summary>Creates the schema (idempotent, safe with several silos); throws <see cref="StorageConfigurationException"/> with one line when the database cannot be used.</summary>
    public static Task InitializePostgresCatalogAsync(this IServiceProvider services, CancellationToken cancellationToken = default) =>
        PostgresSchema.InitializeAsync(services.GetRequiredService<NpgsqlDataSource>(), cancellationToken);

    /// <summary>
    /// One pooled data source for <paramref name="connectionString"/> (Application Name defaults to EmotionGrid, to be
    /// recognisable in <c>pg_stat_activity</c>). A malformed string throws <see cref="StorageConfigurationException"/>.
    /// </summary>
    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        NpgsqlDataSourceBuilder builder;
        try
        {
            builder = new NpgsqlDataSourceBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            throw new StorageConfigurationException($"PostgreSQL connection string is invalid: {e.Message}".ReplaceLineEndings(" "), e);
        }

        builder.ConnectionStringBuilder.ApplicationName ??= "EmotionGrid";
        return builder.Build();
    }
}
