using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>Prometheus metrics at <c>/metrics</c> and Orleans' dashboard at <c>/orleans</c> (behind the API key when one is set).</summary>
public sealed partial class ObservabilityTests
{
    [Fact]
    public async Task Metrics_count_files_by_outcome_time_the_embedder_and_show_the_queue()
    {
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path);
        await silo.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(root.Folder("incoming"), $"tone-{i}.wav"), SineWav.Wav16(300 + (100 * i), seconds: 1));
        }

        await File.WriteAllTextAsync(Path.Combine(root.Folder("incoming"), "notes.wav"), "not audio at all");
        await silo.WaitForSettledAsync(4, TimeSpan.FromMinutes(2));

        var text = await silo.Client.GetStringAsync("/metrics");
        Assert.Equal(3, Sample(text, "emotiongrid_files_processed_total", "outcome=\"embedded\""));
        Assert.Equal(1, Sample(text, "emotiongrid_files_processed_total", "outcome=\"failed\""));
        Assert.Equal(3, Sample(text, "emotiongrid_embed_duration_seconds_count"));
        Assert.True(Sample(text, "emotiongrid_embed_duration_seconds_sum") > 0);
        Assert.Equal(0, Sample(text, "emotiongrid_files_queue_depth"));
        Assert.Contains("http_server_request_duration_seconds", text);
    }

    [Fact]
    public async Task The_orleans_dashboard_is_served_and_needs_the_api_key_when_one_is_set()
    {
        using var open = new TempDataRoot();
        await using (var silo = new SiloProcess(open.Path))
        {
            await silo.StartAsync();
            var page = await silo.Client.GetAsync("/orleans/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("html", (await page.Content.ReadAsStringAsync()).ToLowerInvariant());
        }

        using var keyed = new TempDataRoot();
        await using var guarded = new SiloProcess(keyed.Path, new Dictionary<string, string> { ["EmotionGrid__Gateway__ApiKey"] = "s3cret-key" });
        await guarded.StartAsync();
        var refused = await guarded.Client.GetAsync("/orleans/");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.StartsWith("Basic", refused.Headers.WwwAuthenticate.ToString());
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);

        using var basic = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:s3cret-key")));
        Assert.Equal(HttpStatusCode.OK, (await guarded.Client.SendAsync(basic)).StatusCode);

        using var header = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
        header.Headers.Add("X-Api-Key", "s3cret-key");
        Assert.Equal(HttpStatusCode.OK, (await guarded.Client.SendAsync(header)).StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/orleans/");
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:guess")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await guarded.Client.SendAsync(wrong)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await guarded.Client.GetAsync("/metrics")).StatusCode); // read-only, for scrapers
    }

    /// <summary>The value of the one sample of <paramref name="metric"/> whose labels contain <paramref name="label"/>.</summary>
    private static double Sample(string exposition, string metric, string label = "")
    {
        var values = exposition.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) || line.StartsWith(metric + " ", StringComparison.Ordinal))
            .Where(line => line.Contains(label, StringComparison.Ordinal))
            .Select(line => SampleValue().Match(line))
            .Where(m => m.Success)
            .Select(m => double.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
        Assert.True(values.Count == 1, $"expected one sample of {metric} {label}, found {values.Count} in:\n{exposition}");
        return values[0];
    }

    [GeneratedRegex(@"\}?\s([0-9.eE+-]+)(\s\d+)?\s*$")]
    private static partial Regex SampleValue();
}
