using EmotionGrid.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;

namespace EmotionGrid.Storage.Azure;

public static class AzureStorageRegistration
{
    /// <summary>
    /// The bucket in Azure Blob storage (distributed mode). Registered as <see cref="AzureBlobStore"/> too, so the
    /// silo can await <see cref="AzureBlobStore.InitializeAsync"/> at start: it makes network calls, which a
    /// DI factory should not block on.
    /// </summary>
    public static IServiceCollection AddAzureBlobStore(this IServiceCollection services, AzureBlobStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return services
            .AddSingleton(_ => new AzureBlobStore(options))
            .AddSingleton<IBlobStore>(sp => sp.GetRequiredService<AzureBlobStore>());
    }
}
