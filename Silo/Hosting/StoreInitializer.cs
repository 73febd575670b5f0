using Azure.Data.Tables;
using EmotionGrid.Silo.Configuration;
using EmotionGrid.Storage;
using EmotionGrid.Storage.Azure;
using EmotionGrid.Storage.Catalog;
using EmotionGrid.Storage.Clusters;
using EmotionGrid.Storage.Models;
using Microsoft.Extensions.Options;

namespace EmotionGrid.Silo.Hosting;

/// <summary>
/// Before the host starts (so before Orleans): creates what the silo needs where it is missing (the blob container, the catalog's
/// tables; idempotent and safe when several silos start at once) and checks that the cluster's table service
/// answers. A store that cannot be used stops the silo with one line saying which and why (exit code 2).
/// </summary>
public sealed class StoreInitializer(IServiceProvider services, IOptions<EmotionGridOptions> options, ILogger<StoreInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await InitializeAsync("the bucket", async () =>
        {
            if (services.GetService<AzureBlobStore>() is { } blobs)
            {
                await blobs.InitializeAsync(cancellationToken);
                logger.LogInformation("Bucket: Azure Blob container {Container} at {Endpoint}", blobs.ContainerName, blobs.Endpoint);
            }
        });
        await InitializeAsync("the catalog", () => services.GetRequiredService<IFileCatalog>().InitializeAsync(cancellationToken));
        await InitializeAsync("the model registry", () => services.GetRequiredService<IModelRegistry>().InitializeAsync(cancellationToken));
        await InitializeAsync("the cluster names", () => services.GetRequiredService<IClusterNameStore>().InitializeAsync(cancellationToken));
        if (settings.Cluster.IsAzureStorage)
        {
            await CheckClusterTablesAsync(settings.Cluster.ConnectionString ?? settings.Storage.ConnectionString!, cancellationToken);
        }
    }

    private static async Task InitializeAsync(string what, Func<Task> initialize)
    {
        try
        {
            await initialize();
        }
        catch (StorageConfigurationException e)
        {
            throw new SiloStartupException(e.Message, e);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new SiloStartupException($"{what} could not be opened: {e.GetType().Name}: {FirstLine(e.Message)}", e);
        }
    }

    /// <summary>Orleans would only fail later, deep in its start, with a stack trace: ask the table service once now.</summary>
    private async Task CheckClusterTablesAsync(string connectionString, CancellationToken cancellationToken)
    {
        TableServiceClient tables;
        try
        {
            tables = new TableServiceClient(connectionString, new TableClientOptions { Retry = { MaxRetries = 2, NetworkTimeout = TimeSpan.FromSeconds(10) } });
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            throw new SiloStartupException($"EmotionGrid:Cluster:ConnectionString is not a valid Azure Storage connection string: {FirstLine(e.Message)}", e);
        }

        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: cancellationToken))
            {
                break;
            }

            logger.LogInformation("Cluster membership: Azure Table storage at {Endpoint}", tables.Uri);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw new SiloStartupException($"cluster membership: {AzureStorageErrors.Describe(e, tables.Uri.ToString())}", e);
        }
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();
}
