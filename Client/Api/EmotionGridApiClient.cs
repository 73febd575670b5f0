using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using EmotionGrid.Contracts.Files;
using EmotionGrid.Contracts.Labels;
using EmotionGrid.Contracts.Models;
using EmotionGrid.Contracts.Predictions;

namespace EmotionGrid.Client.Api;

/// <summary>
/// Typed access to the EmotionGrid REST gateway. Errors come back as <see cref="EmotionGridApiException"/>
/// with the server's problem <c>detail</c>; no answer at all as <see cref="ServerUnreachableException"/>.
/// </summary>
public sealed class EmotionGridApiClient : IDisposable
{
    /// <summary>Largest page the gateway serves.</summary>
    public const int MaxPageSize = 500;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly bool _ownsClient;

    /// <summary>Wraps <paramref name="http"/>, whose <see cref="HttpClient.BaseAddress"/> is the server.</summary>
    public EmotionGridApiClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
        Server = http.BaseAddress ?? throw new ArgumentException("the HttpClient needs a BaseAddress", nameof(http));
    }

    private EmotionGridApiClient(HttpClient http, bool ownsClient)
        : this(http)
    {
        _ownsClient = ownsClient;
    }

    public Uri Server { get; }

    /// <summary>A client of its own for <paramref name="server"/>, sending <c>X-Api-Key</c> when <paramref name="apiKey"/> is given.</summary>
    public static EmotionGridApiClient Create(Uri server, string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(server);
        var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) };
        var http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = server,
            // Large uploads take a while; waiting on the silo is done by polling, never by one long request.
            Timeout = TimeSpan.FromMinutes(10),
        };
        if (!string.IsNullOrEmpty(apiKey))
        {
            http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        }

        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("emotiongrid-cli", typeof(EmotionGridApiClient).Assembly.GetName().Version?.ToString() ?? "0"));
        return new EmotionGridApiClient(http, ownsClient: true);
    }

    /// <summary><c>POST /api/files</c> with one part named <c>file</c>, streamed from disk.</summary>
    public Task<UploadedFile> UploadAsync(string path, CancellationToken cancellationToken = default) => UploadAsync(path, null, cancellationToken);

    /// <summary>As above, with the <c>speaker</c> form field (before the file, so the file is registered with it) when given.</summary>
    public async Task<UploadedFile> UploadAsync(string path, string? speaker, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, useAsync: true);
        using var form = FileForm(path, stream, speaker);
        var uploaded = await SendAsync<List<UploadedFile>>(HttpMethod.Post, "api/files", form, cancellationToken);
        return uploaded.Count == 1
            ? uploaded[0]
            : throw new EmotionGridApiException(System.Net.HttpStatusCode.OK, $"the server answered {uploaded.Count} entries for one uploaded file");
    }

    /// <summary>A multipart form of an optional <c>speaker</c> field, then the file as the part <c>file</c>.</summary>
    private static MultipartFormDataContent FileForm(string path, Stream stream, string? speaker)
    {
        var form = new MultipartFormDataContent();
        if (!string.IsNullOrEmpty(speaker))
        {
            form.Add(new StringContent(speaker), "speaker");
        }

        var part = new StreamContent(stream);
        part.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        part.Headers.ContentDisposition = FilePartDisposition(Path.GetFileName(path));
        form.Add(part);
        return form;
    }

    /// <summary>
    /// <c>form-data; name="file"; filename="…"; filename*=UTF-8''…</c>: the exact name in <c>filename*</c> (RFC 5987,
    /// which the gateway prefers), and an ASCII stand-in in <c>filename</c> for names with quotes or non-ASCII letters.
    /// </summary>
    internal static ContentDispositionHeaderValue FilePartDisposition(string name)
    {
        var ascii = new string(name.Select(c => c is < ' ' or > '~' or '"' or '\\' ? '_' : c).ToArray());
        return new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileName = "\"" + ascii + "\"", FileNameStar = name };
    }

    /// <summary><c>GET /api/files</c>: one page, newest first.</summary>
    public Task<FilePage> ListAsync(string? status, string? query, int page, int pageSize, CancellationToken cancellationToken = default)
    {
        var url = string.Create(CultureInfo.InvariantCulture, $"api/files?page={page}&pageSize={pageSize}");
        if (!string.IsNullOrEmpty(status))
        {
            url += "&status=" + Uri.EscapeDataString(status);
        }

        if (!string.IsNullOrEmpty(query))
        {
            url += "&q=" + Uri.EscapeDataString(query);
        }

        return SendAsync<FilePage>(HttpMethod.Get, url, null, cancellationToken);
    }

    /// <summary>
    /// Every file matching the filters, paging through the API; at most <paramref name="limit"/> (0: all).
    /// The answer's <see cref="FilePage.Total"/> is how many match in all.
    /// </summary>
    public async Task<FilePage> ListAllAsync(
        string? status, string? query, int limit = 0, int pageSize = MaxPageSize, CancellationToken cancellationToken = default)
    {
        pageSize = Math.Clamp(limit > 0 ? Math.Min(limit, pageSize) : pageSize, 1, MaxPageSize);
        var items = new List<FileSummary>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        for (var page = 1; ; page++)
        {
            var result = await ListAsync(status, query, page, pageSize, cancellationToken);
            total = Math.Max(total, result.Total);
            // Files arriving while we page shift the newest-first order; never report one twice.
            items.AddRange(result.Items.Where(i => seen.Add(i.Id)));
            if (limit > 0 && items.Count >= limit)
            {
                items.RemoveRange(limit, items.Count - limit);
                break;
            }

            if (result.Items.Count < pageSize || (long)page * pageSize >= result.Total)
            {
                break;
            }
        }

        return new FilePage(items, Math.Max(total, items.Count), 1, items.Count);
    }

    /// <summary><c>GET /api/files/{id}</c>.</summary>
    public Task<FileDetail> GetAsync(string id, CancellationToken cancellationToken = default) =>
        SendAsync<FileDetail>(HttpMethod.Get, "api/files/" + Uri.EscapeDataString(id), null, cancellationToken);

    /// <summary><c>GET /api/status</c>.</summary>
    public Task<CatalogSummary> StatusAsync(CancellationToken cancellationToken = default) =>
        SendAsync<CatalogSummary>(HttpMethod.Get, "api/status", null, cancellationToken);

    /// <summary><c>GET /api/files/{id}/vector</c>: copies the <c>.npy</c> bytes to <paramref name="destination"/>.</summary>
    public async Task DownloadVectorAsync(string id, Stream destination, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/files/" + Uri.EscapeDataString(id) + "/vector");
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(destination, cancellationToken);
    }

    /// <summary><c>POST /api/predict</c> with the clip as the multipart part <c>file</c>, streamed from disk.</summary>
    public Task<PredictionResult> PredictAsync(string path, CancellationToken cancellationToken = default) => PredictAsync(path, null, cancellationToken);

    /// <summary>As above, with the <c>speaker</c> form field when given (the server may then normalise with that speaker's statistics).</summary>
    public async Task<PredictionResult> PredictAsync(string path, string? speaker, CancellationToken cancellationToken = default)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81_920, useAsync: true);
        using var form = FileForm(path, stream, speaker);
        return await SendAsync<PredictionResult>(HttpMethod.Post, "api/predict", form, cancellationToken);
    }

    /// <summary><c>PUT /api/files/{id}/speaker</c>: the file as it is now.</summary>
    public Task<FileSummary> SetSpeakerAsync(string id, string speaker, CancellationToken cancellationToken = default) =>
        SendAsync<FileSummary>(HttpMethod.Put, "api/files/" + Uri.EscapeDataString(id) + "/speaker", JsonContent.Create(new SpeakerRequest(speaker), options: Json), cancellationToken);

    /// <summary><c>POST /api/labels</c> with <paramref name="csv"/> as <c>text/csv</c>.</summary>
    public async Task<LabelImportResult> ImportLabelsAsync(string csv, CancellationToken cancellationToken = default)
    {
        using var content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv");
        return await SendAsync<LabelImportResult>(HttpMethod.Post, "api/labels", content, cancellationToken);
    }

    /// <summary><c>POST /api/train</c>: queues a training run (202).</summary>
    public Task<TrainingRunAccepted> TrainAsync(CancellationToken cancellationToken = default) =>
        SendAsync<TrainingRunAccepted>(HttpMethod.Post, "api/train", null, cancellationToken);

    /// <summary><c>GET /api/training/{runId}</c>.</summary>
    public Task<TrainingRunView> GetTrainingRunAsync(string runId, CancellationToken cancellationToken = default) =>
        SendAsync<TrainingRunView>(HttpMethod.Get, "api/training/" + Uri.EscapeDataString(runId), null, cancellationToken);

    /// <summary><c>GET /api/models</c>: every version, newest first.</summary>
    public Task<List<ModelSummary>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        SendAsync<List<ModelSummary>>(HttpMethod.Get, "api/models", null, cancellationToken);

    /// <summary><c>GET /api/models/{version}</c>.</summary>
    public Task<ModelDetail> GetModelAsync(int version, CancellationToken cancellationToken = default) =>
        SendAsync<ModelDetail>(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"api/models/{version}"), null, cancellationToken);

    /// <summary><c>POST /api/models/{version}/activate</c>.</summary>
    public Task<ModelSummary> ActivateModelAsync(int version, CancellationToken cancellationToken = default) =>
        SendAsync<ModelSummary>(HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"api/models/{version}/activate"), null, cancellationToken);

    public void Dispose()
    {
        if (_ownsClient)
        {
            _http.Dispose();
        }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string url, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        using var response = await SendRawAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new EmotionGridApiException(response.StatusCode, $"the server answered an empty body to {method} /{url}");
        }
        catch (JsonException e)
        {
            throw new EmotionGridApiException(response.StatusCode, $"the server answered {method} /{url} with JSON this client does not understand ({e.Message}); is {Server} an EmotionGrid server?");
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, HttpCompletionOption completion, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, cancellationToken);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            throw new ServerUnreachableException(Server, Reason(e), e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException(Server, $"no answer within {_http.Timeout.TotalSeconds:F0} s", e);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw new EmotionGridApiException(response.StatusCode, await ProblemDetailAsync(request, response, cancellationToken));
        }
    }

    private static async Task<string> ProblemDetailAsync(HttpRequestMessage request, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = $"{(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.Content.Headers.ContentType?.MediaType is { } mediaType && mediaType.Contains("json", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                using var problem = JsonDocument.Parse(body);
                if (problem.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var field in (string[])["detail", "title"])
                    {
                        if (problem.RootElement.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text)
                        {
                            return text;
                        }
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: fall through to the status line.
            }
        }

        var snippet = body.Trim();
        snippet = snippet.Length > 200 ? snippet[..200] + "…" : snippet;
        return snippet.Length == 0
            ? $"the server answered {status} to {request.Method} {request.RequestUri}"
            : $"the server answered {status} to {request.Method} {request.RequestUri}: {snippet}";
    }

    private static string Reason(HttpRequestException e)
    {
        for (Exception? inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => "connection refused (is the silo running?)",
                    SocketError.HostNotFound or SocketError.NoData => "unknown host",
                    SocketError.TimedOut => "connection timed out",
                    _ => socket.Message,
                };
            }
        }

        return e.Message;
    }
}
