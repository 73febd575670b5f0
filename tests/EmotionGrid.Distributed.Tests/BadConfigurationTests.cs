using Azure.Storage;
using Azure.Storage.Sas;
using EmotionGrid.Testing;

namespace EmotionGrid.Distributed.Tests;

/// <summary>A silo pointed at a server it cannot use stops at start: exit code 2 and one line saying why, no stack trace.</summary>
public sealed class BadConfigurationTests
{
    [Fact]
    public async Task Each_unusable_server_stops_the_silo_with_one_line_and_exit_code_2()
    {
        await using var cluster = await DistributedCluster.StartAsync();
        var closedPort = SiloProcess.FreePort();
        var wrongKey = cluster.Azurite.ConnectionString.Replace(AzuriteServer.AccountKey, Convert.ToBase64String(new byte[64]), StringComparison.Ordinal);
        var readOnlySas = new AccountSasBuilder(AccountSasPermissions.Read | AccountSasPermissions.List, DateTimeOffset.UtcNow.AddHours(1),
            AccountSasServices.Blobs, AccountSasResourceTypes.All)
            .ToSasQueryParameters(new StorageSharedKeyCredential(AzuriteServer.AccountName, AzuriteServer.AccountKey)).ToString();

        var cases = new (string What, Dictionary<string, string> Settings, string Expected)[]
        {
            ("unreachable PostgreSQL", new() { ["EmotionGrid__Catalog__ConnectionString"] = $"Host=127.0.0.1;Port={closedPort};Username=postgres;Password=sekrit-pw-123;Database=emotiongrid;Timeout=3" }, $"127.0.0.1:{closedPort}"),
            ("wrong account key", new() { ["EmotionGrid__Storage__ConnectionString"] = wrongKey }, "key"),
            ("no permission to create the container", new()
            {
                ["EmotionGrid__Storage__ConnectionString"] = $"BlobEndpoint={cluster.Azurite.BlobEndpoint};SharedAccessSignature={readOnlySas}",
                ["EmotionGrid__Cluster__ConnectionString"] = cluster.Azurite.ConnectionString,
            }, "permission"),
            ("unreachable table service", new()
            {
                ["EmotionGrid__Cluster__ConnectionString"] = cluster.Azurite.ConnectionString.Replace($":{cluster.Azurite.TablePort}/", $":{closedPort}/", StringComparison.Ordinal),
            }, "cluster membership"),
        };

        foreach (var (what, settings, expected) in cases)
        {
            var silo = cluster.NewSilo(settings);
            await silo.StartAsync(waitReady: false);
            var exit = await silo.WaitForExitAsync(TimeSpan.FromSeconds(90));

            var errors = silo.Output.Split('\n').Where(l => l.StartsWith("ERR ", StringComparison.Ordinal)).ToList();
            Assert.True(exit == 2, $"{what}: exit code {exit}\n{silo.Output}");
            var line = Assert.Single(errors);
            Assert.Contains(expected, line, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(silo.Output.Split('\n'), l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));
            Assert.DoesNotContain(AzuriteServer.AccountKey, silo.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("sekrit-pw-123", silo.Output, StringComparison.Ordinal);
        }
    }
}
