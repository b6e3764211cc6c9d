namespace Verifier.Client;

/// <summary>Where the API is and how to call it.</summary>
public sealed class VerifierClientOptions
{
    /// <summary>The API's base address, e.g. <c>https://verifier.example/</c>.</summary>
    public Uri? BaseAddress { get; set; }

    /// <summary>A secret key, sent in <c>X-Api-Key</c>; none for an API without keys.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Time limit of one call (the server bounds verification by its own budget). Default 100 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Time limit of a CSV upload. Default 1 h.</summary>
    public TimeSpan UploadTimeout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Retries of a call that failed transiently (connection failure, 408, 429 after its <c>Retry-After</c>, 5xx), with
    /// exponential back-off and jitter. Uploads are never retried. Default 2; 0 turns retries off.
    /// </summary>
    public int MaxRetries { get; set; } = 2;
}
