using EmotionGrid.Silo.Configuration;
using Orleans.Configuration;
using Orleans.Dashboard;
using Orleans.Serialization;

namespace EmotionGrid.Silo.Hosting;

public static class OrleansRegistration
{
    /// <summary>
    /// Co-hosts the Orleans silo in this ASP.NET Core app. Embedded mode (<c>Cluster:Provider = Localhost</c>):
    /// a one-silo localhost cluster with in-memory reminders; no server needed. The grains are found in
    /// EmotionGrid.Grains; Orleans' dashboard is added here and mapped at <c>/orleans</c> by the API.
    /// </summary>
    public static WebApplicationBuilder AddEmotionGridOrleans(this WebApplicationBuilder builder, EmotionGridOptions options)
    {
        var cluster = options.Cluster;
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(cluster.SiloPort, cluster.GatewayPort, serviceId: cluster.ServiceId, clusterId: cluster.ClusterId);
            silo.UseInMemoryReminderService();

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
}
