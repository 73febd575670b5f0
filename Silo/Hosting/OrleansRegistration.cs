using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Azure.Data.Tables;
using EmotionGrid.Silo.Configuration;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;

namespace EmotionGrid.Silo.Hosting;

public static class OrleansRegistration
{
    /// <summary>
    /// Co-hosts the Orleans silo in this ASP.NET Core app. Embedded mode (<c>Cluster:Provider = Localhost</c>): a
    /// one-silo localhost cluster with in-memory reminders; no server needed. Distributed mode (<c>AzureStorage</c>):
    /// membership and reminders in Azure Table storage, so any number of silos join one cluster, with membership tuned
    /// to declare a dead silo dead within ~10 s. The grains are found in EmotionGrid.Grains.
    /// </summary>
    public static WebApplicationBuilder AddEmotionGridOrleans(this WebApplicationBuilder builder, EmotionGridOptions options)
    {
        var cluster = options.Cluster;
        builder.UseOrleans(silo =>
        {
            if (cluster.IsAzureStorage)
            {
                var connectionString = cluster.ConnectionString ?? options.Storage.ConnectionString!;
                silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(connectionString));
                silo.UseAzureTableReminderService(o => o.TableServiceClient = new TableServiceClient(connectionString));
                silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, cluster.ServiceId));
                var advertised = AdvertisedAddress(cluster, builder.Configuration);
                silo.ConfigureEndpoints(advertised, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(advertised));
                silo.Configure<ClusterMembershipOptions>(o => TuneForFastFailover(o, TimeSpan.FromSeconds(cluster.ProbeTimeoutSeconds)));
                if (cluster.Kubernetes)
                {
                    silo.UseKubernetesHosting(); // the pod's name, IP and the cluster ids from the environment; dead pods leave membership
                }
            }
            else
            {
                silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
                silo.UseInMemoryReminderService();
            }

            // Our domain exceptions (TrainingRefusedException, NoModelException, …) keep their type across silos;
            // Orleans only does that by default for System/Microsoft/Azure types, and the API maps by type.
            silo.Configure<ExceptionSerializationOptions>(o => o.SupportedNamespacePrefixes.Add("EmotionGrid"));

            // The sweeper's period is ours to choose (tests use seconds); Orleans' default floor is one minute.
            var sweep = TimeSpan.FromSeconds(options.Processing.SweepSeconds);
            if (sweep < TimeSpan.FromMinutes(1))
            {
                silo.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = sweep);
            }

            if (cluster.Dashboard)
            {
                silo.AddDashboard();
            }
        });
        return builder;
    }

    /// <summary>
    /// Measured (docs/distributed.md, bench -- scale): a killed silo is declared dead in about a second (its port refuses
    /// connections), a hung one after two missed probes; Orleans' defaults take 6–11 s. Callers of its grains retry meanwhile.
    /// </summary>
    private static void TuneForFastFailover(ClusterMembershipOptions o, TimeSpan probeTimeout)
    {
        o.ProbeTimeout = probeTimeout;
        o.NumMissedProbesLimit = 2;
        o.NumVotesForDeathDeclaration = 1;
        o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
    }

    /// <summary><c>Cluster:AdvertisedAddress</c>, else 127.0.0.1 when the API listens on loopback only, else the first non-loopback IPv4 address.</summary>
    private static IPAddress AdvertisedAddress(ClusterSettings cluster, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(cluster.AdvertisedAddress))
        {
            return IPAddress.Parse(cluster.AdvertisedAddress);
        }

        var urls = configuration["urls"] ?? configuration["ASPNETCORE_URLS"] ?? "http://127.0.0.1:5080";
        if (ListenAddressPolicy.FirstNonLoopback(urls) is null)
        {
            return IPAddress.Loopback;
        }

        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)) ?? IPAddress.Loopback;
    }
}
