using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EmotionGrid.Testing;

namespace EmotionGrid.Silo.Tests;

/// <summary>API key on writes, no open listening without one, the OpenAPI document, and backpressure on predict.</summary>
public sealed class GatewayHardeningTests
{
    [Fact]
    public async Task With_an_api_key_writes_need_it_and_reads_do_not()
    {
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path, new Dictionary<string, string> { ["EmotionGrid__Gateway__ApiKey"] = "s3cret-key" });
        await silo.StartAsync();

        using var anonymous = Upload();
        var refused = await silo.Client.PostAsync("/api/files", anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("X-Api-Key", await refused.Content.ReadAsStringAsync());

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/api/train");
        wrong.Headers.Add("X-Api-Key", "s3cret-kez");
        Assert.Equal(HttpStatusCode.Unauthorized, (await silo.Client.SendAsync(wrong)).StatusCode);

        using var right = new HttpRequestMessage(HttpMethod.Post, "/api/files") { Content = Upload() };
        right.Headers.Add("X-Api-Key", "s3cret-key");
        Assert.Equal(HttpStatusCode.Accepted, (await silo.Client.SendAsync(right)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await silo.Client.GetAsync("/api/files")).StatusCode);
        using var config = JsonDocument.Parse(await silo.Client.GetStringAsync("/api/config"));
        Assert.True(config.RootElement.GetProperty("apiKeyRequired").GetBoolean());
        Assert.Equal(["calm", "happy", "sad", "angry"], config.RootElement.GetProperty("emotions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Listening_beyond_loopback_without_a_key_is_refused_at_start()
    {
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path) { Urls = "http://0.0.0.0:0" };
        await silo.StartAsync(waitReady: false);

        Assert.Equal(2, await silo.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        await Task.Delay(200);
        Assert.Contains("refusing to listen on http://0.0.0.0:0 without EmotionGrid:Gateway:ApiKey", silo.Output);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint()
    {
        using var root = new TempDataRoot();
        await using var silo = new SiloProcess(root.Path);
        await silo.StartAsync();

        using var document = JsonDocument.Parse(await silo.Client.GetStringAsync("/openapi/v1.json"));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToHashSet();
        foreach (var path in new[]
                 {
                     "/api/files", "/api/files/{id}", "/api/files/{id}/audio", "/api/files/{id}/vector", "/api/files/{id}/visual",
                     "/api/files/{id}/label", "/api/labels", "/api/clusters", "/api/clusters/{clusterId}/label", "/api/train",
                     "/api/training", "/api/training/{runId}", "/api/models", "/api/models/{version}", "/api/models/{version}/activate",
                     "/api/predict", "/api/status", "/api/config", "/api/stats/throughput",
                 })
        {
            Assert.Contains(path, paths);
        }

        // Typed results: responses carry their status codes and schemas, problems as application/problem+json.
        var detail = document.RootElement.GetProperty("paths").GetProperty("/api/files/{id}").GetProperty("get").GetProperty("responses");
        Assert.EndsWith("/FileDetail", detail.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.EndsWith("/ProblemDetails", detail.GetProperty("404").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString());
        var train = document.RootElement.GetProperty("paths").GetProperty("/api/train").GetProperty("post").GetProperty("responses");
        Assert.Equal(["202", "409", "422"], train.EnumerateObject().Select(r => r.Name).Order().ToArray());
        var predict = document.RootElement.GetProperty("paths").GetProperty("/api/predict").GetProperty("post").GetProperty("responses");
        Assert.EndsWith("/PredictionResult", predict.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        foreach (var status in new[] { "400", "409", "413", "422", "503" })
        {
            Assert.True(predict.TryGetProperty(status, out _), $"POST /api/predict does not list {status}");
        }
    }

    [Fact]
    public async Task A_saturated_predict_path_answers_503_with_retry_after_instead_of_queueing()
    {
        using var root = new TempDataRoot();
        var settings = new Dictionary<string, string>
        {
            ["EmotionGrid__Gateway__MaxConcurrentPredictions"] = "1",
            ["EmotionGrid__Gateway__MaxQueuedPredictions"] = "0",
        };
        await using var silo = new SiloProcess(root.Path, settings);
        await silo.StartAsync();

        // The first request holds the only permit while its body trickles in.
        var release = new TaskCompletionSource();
        var slow = silo.Client.PostAsync("/api/predict", new StalledContent(SineWav.Wav16(300, 2), release.Task));
        await Task.Delay(1000);
        var rejected = await silo.Client.PostAsync("/api/predict", new ByteArrayContent(SineWav.Wav16(310, 2)));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, rejected.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), rejected.Headers.RetryAfter?.Delta);
        Assert.Contains("retry", await rejected.Content.ReadAsStringAsync());

        release.SetResult();
        Assert.Equal(HttpStatusCode.Conflict, (await slow).StatusCode); // served (no model yet), not dropped
        Assert.Equal(HttpStatusCode.Conflict, (await silo.Client.PostAsync("/api/predict", new ByteArrayContent(SineWav.Wav16(320, 2)))).StatusCode);
    }

    private static MultipartFormDataContent Upload()
    {
        var content = new ByteArrayContent(SineWav.Wav16(440, 1));
        content.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        return new MultipartFormDataContent { { content, "file", "keyed.wav" } };
    }

    /// <summary>Sends the first bytes, then waits for a signal before the rest.</summary>
    private sealed class StalledContent(byte[] bytes, Task release) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(bytes.AsMemory(0, 100));
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(bytes.AsMemory(100));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = bytes.Length;
            return true;
        }
    }
}
