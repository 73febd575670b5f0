using EmotionGrid.Testing;
namespace EmotionGrid.Silo.Tests;

/// <summary>A bad setting stops the silo at start with a one-line reason and exit code 2.</summary>
public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("EmotionGrid__Catalog__Provider", "Oracle", "EmotionGrid:Catalog:Provider 'Oracle'")]
    [InlineData("EmotionGrid__Embedding__Embedder", "magic", "EmotionGrid:Embedding:Embedder 'magic' is unknown")]
    [InlineData("EmotionGrid__Watcher__RescanSeconds", "-1", "EmotionGrid:Watcher:RescanSeconds")]
    [InlineData("EmotionGrid__Emotions__0", "", "EmotionGrid:Emotions")]
    [InlineData("EmotionGrid__Storage__Provider", "AzureBlob", "EmotionGrid:Storage:ConnectionString is not set")]
    [InlineData("EmotionGrid__Catalog__Provider", "Postgres", "EmotionGrid:Catalog:ConnectionString is not set")]
    [InlineData("EmotionGrid__Cluster__Provider", "AzureStorage", "neither EmotionGrid:Cluster:ConnectionString nor EmotionGrid:Storage:ConnectionString is set")]
    [InlineData("EmotionGrid__Cluster__Provider", "AzureStorage", "the bucket or the catalog is local to this silo")]
    [InlineData("EmotionGrid__Cluster__AdvertisedAddress", "silo-1.local", "is not an IP address")]
    public async Task A_bad_value_stops_the_silo_with_a_one_line_reason(string key, string value, string expected)
    {
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path, new Dictionary<string, string> { [key] = value });
        await silo.StartAsync(waitReady: false);
        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await Task.Delay(200); // let the output readers drain
        var line = Assert.Single(silo.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("ERR EmotionGrid: invalid configuration:", line);
        Assert.Contains(expected, line);
    }
}

/// <summary>The embedder setting picks the silo's embedder; the default is the full acoustic one.</summary>
public sealed class EmbedderSelectionTests
{
    [Theory]
    [InlineData(null, "acoustic-v2")]
    [InlineData("auto", "acoustic-v2")]
    [InlineData("acoustic", "acoustic-v2")]
    [InlineData("acoustic-v1", "acoustic-v1")]
    [InlineData("logmel", "logmel-v1")]
    public async Task The_configured_embedder_is_the_one_the_silo_reports(string? setting, string expected)
    {
        using var root = new TempDataRoot();
        var settings = setting is null ? null : new Dictionary<string, string> { ["EmotionGrid__Embedding__Embedder"] = setting };
        await using var silo = new SiloProcess(root.Path, settings);
        await silo.StartAsync();
        Assert.Equal(expected, (await silo.StatusAsync()).Embedder);
    }
}
