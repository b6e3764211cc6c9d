using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Verifier.Client;

public sealed partial class VerifierClient
{
    /// <inheritdoc />
    public async Task<JobCreated> CreateJobAsync(Stream csv, JobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(csv);
        var content = new StreamContent(csv);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        return await UploadAsync(content, options, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<JobCreated> UploadJobFileAsync(string path, JobUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        await using var file = File.OpenRead(path);
        var part = new StreamContent(file);
        part.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var form = new MultipartFormDataContent { { part, "file", Path.GetFileName(path) } };
        return await UploadAsync(form, options, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JobProgress> GetJobAsync(string id, CancellationToken cancellationToken = default) =>
        SendJsonAsync<JobProgress>(new HttpRequestMessage(HttpMethod.Get, JobPath(id)), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<JobProgress> WatchJobAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, JobPath(id) + "/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await SendAsync(request, _options.RequestTimeout, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(item.Data) && JsonSerializer.Deserialize<JobProgress>(item.Data, VerifierJson.Options) is { } progress)
            {
                yield return progress;
            }
        }
    }

    /// <inheritdoc />
    public async Task<JobProgress> WaitForJobAsync(string id, IProgress<JobProgress>? progress = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default)
    {
        try
        {
            await foreach (var state in WatchJobAsync(id, cancellationToken))
            {
                progress?.Report(state);
                if (state.IsFinished)
                {
                    return state;
                }
            }
        }
        catch (Exception error) when (error is HttpRequestException or IOException or TimeoutException && !cancellationToken.IsCancellationRequested)
        {
            // The stream broke (a proxy that buffers or cuts long answers): polling gets there too.
        }

        while (true)
        {
            var state = await GetJobAsync(id, cancellationToken);
            progress?.Report(state);
            if (state.IsFinished)
            {
                return state;
            }

            await Task.Delay(pollInterval ?? TimeSpan.FromSeconds(5), cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task DownloadJobResultsAsync(string id, Stream destination, IEnumerable<Verdict>? verdicts = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var response = await SendAsync(
            new HttpRequestMessage(HttpMethod.Get, ResultsPath(id, "csv", verdicts)),
            _options.RequestTimeout,
            HttpCompletionOption.ResponseHeadersRead,
            cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <inheritdoc />
    public Task<JobResults> GetJobResultsAsync(string id, IEnumerable<Verdict>? verdicts = null, CancellationToken cancellationToken = default) =>
        SendJsonAsync<JobResults>(new HttpRequestMessage(HttpMethod.Get, ResultsPath(id, "json", verdicts)), cancellationToken);

    /// <inheritdoc />
    public async Task DeleteJobAsync(string id, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Delete, JobPath(id)), _options.RequestTimeout, HttpCompletionOption.ResponseContentRead, cancellationToken);
    }

    private async Task<JobCreated> UploadAsync(HttpContent content, JobUploadOptions? options, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, UploadPath(options ?? new JobUploadOptions())) { Content = content };
        request.Options.Set(NoRetry, true);
        using var response = await SendAsync(request, _options.UploadTimeout, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return await ReadJsonAsync<JobCreated>(response, cancellationToken);
    }

    private static string UploadPath(JobUploadOptions options)
    {
        var path = new StringBuilder("v1/jobs?smtp=").Append(options.Smtp ? "true" : "false");
        if (options.EmailColumn is { } column)
        {
            path.Append("&emailColumn=").Append(Escape(column));
        }

        if (options.CallbackUrl is { } callback)
        {
            path.Append("&callbackUrl=").Append(Escape(callback.ToString()));
        }

        if (options.Header is { } header)
        {
            path.Append("&header=").Append(header ? "true" : "false");
        }

        return path.ToString();
    }

    private static string JobPath(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return "v1/jobs/" + Escape(id);
    }

    private static string ResultsPath(string id, string format, IEnumerable<Verdict>? verdicts)
    {
        var path = JobPath(id) + "/results?format=" + format;
        var names = verdicts?.Select(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString())).ToList();
        return names is { Count: > 0 } ? path + "&verdict=" + string.Join(',', names) : path;
    }
}
