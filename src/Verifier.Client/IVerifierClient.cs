namespace Verifier.Client;

/// <summary>
/// The Verifier API for backends. Every call throws <see cref="VerifierProblemException"/> for an error answer (problem
/// details), <see cref="TimeoutException"/> when the API does not answer in time, and <see cref="HttpRequestException"/>
/// when it cannot be reached; transient failures are retried first (<see cref="VerifierClientOptions.MaxRetries"/>).
/// </summary>
public interface IVerifierClient
{
    /// <summary>Verifies one address: syntax, DNS and an SMTP RCPT probe (no mail is sent).</summary>
    [ApiOperation("POST", "/v1/verify", "VerifyPost")]
    Task<VerificationResult> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken = default);

    /// <summary>Verifies one address with SMTP, the server's time budget and the cache.</summary>
    Task<VerificationResult> VerifyAsync(string email, CancellationToken cancellationToken = default) =>
        VerifyAsync(new VerifyRequest(email), cancellationToken);

    /// <summary>Verifies one address with <c>GET /v1/verify</c>, as a browser does (its answers carry a token when the API is open).</summary>
    [ApiOperation("GET", "/v1/verify", "VerifyGet")]
    Task<VerificationResult> VerifyWithQueryAsync(VerifyRequest request, CancellationToken cancellationToken = default);

    /// <summary>Verifies a list (up to the server's limit, 1,000 by default): results in input order, duplicates verified once.</summary>
    [ApiOperation("POST", "/v1/verify/batch", "VerifyBatch")]
    Task<BatchVerifyResponse> VerifyBatchAsync(BatchVerifyRequest request, CancellationToken cancellationToken = default);

    /// <summary>Uploads a CSV as the request body (streamed, never retried) and starts a job.</summary>
    [ApiOperation("POST", "/v1/jobs", "CreateJob")]
    Task<JobCreated> CreateJobAsync(Stream csv, JobUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Uploads a CSV file as the <c>file</c> field of a form (streamed, never retried) and starts a job.</summary>
    [ApiOperation("POST", "/v1/jobs", "CreateJob")]
    Task<JobCreated> UploadJobFileAsync(string path, JobUploadOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>A job's progress.</summary>
    [ApiOperation("GET", "/v1/jobs/{id}", "GetJob")]
    Task<JobProgress> GetJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>A job's progress as it changes (server-sent events), ending with its final state.</summary>
    [ApiOperation("GET", "/v1/jobs/{id}/events", "GetJobEvents")]
    IAsyncEnumerable<JobProgress> WatchJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>
    /// Waits until a job is completed, failed or cancelled and returns its final progress. Follows the event stream,
    /// reporting each change to <paramref name="progress"/>; when the stream breaks, polls every <paramref name="pollInterval"/> (5 s by default).
    /// </summary>
    Task<JobProgress> WaitForJobAsync(string id, IProgress<JobProgress>? progress = null, TimeSpan? pollInterval = null, CancellationToken cancellationToken = default);

    /// <summary>Copies a completed job's results as CSV to <paramref name="destination"/>: every input row with verdict columns, or only rows of <paramref name="verdicts"/>.</summary>
    [ApiOperation("GET", "/v1/jobs/{id}/results", "GetJobResults")]
    Task DownloadJobResultsAsync(string id, Stream destination, IEnumerable<Verdict>? verdicts = null, CancellationToken cancellationToken = default);

    /// <summary>A completed job's results as JSON rows, or only rows of <paramref name="verdicts"/>.</summary>
    [ApiOperation("GET", "/v1/jobs/{id}/results", "GetJobResults")]
    Task<JobResults> GetJobResultsAsync(string id, IEnumerable<Verdict>? verdicts = null, CancellationToken cancellationToken = default);

    /// <summary>Cancels a job and deletes its data.</summary>
    [ApiOperation("DELETE", "/v1/jobs/{id}", "DeleteJob")]
    Task DeleteJobAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The SMTP reply codes the knowledge base explains (<paramref name="kind"/>: basic or enhanced; all when null).</summary>
    [ApiOperation("GET", "/v1/smtp-codes", "ListSmtpCodes")]
    Task<SmtpCodeList> ListSmtpCodesAsync(string? kind = null, CancellationToken cancellationToken = default);

    /// <summary>What a code (<c>550</c> or <c>5.1.1</c>) means and what to do.</summary>
    [ApiOperation("GET", "/v1/smtp-codes/{code}", "ExplainSmtpCode")]
    Task<SmtpCodeExplanation> ExplainSmtpCodeAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Classifies a bounce: one SMTP reply, an MTA log line (<c>text/plain</c>) or a whole bounce message (<c>message/rfc822</c>).</summary>
    [ApiOperation("POST", "/v1/bounces/classify", "ClassifyBounce")]
    Task<BounceClassifyResponse> ClassifyBounceAsync(string bounce, string mediaType = "text/plain", CancellationToken cancellationToken = default);

    /// <summary>A domain as a sender sees it: MX, catch-all, SPF, DMARC, the DKIM key of <paramref name="dkimSelector"/>, blocklists.</summary>
    [ApiOperation("GET", "/v1/domains/{domain}", "GetDomain")]
    Task<DomainReport> GetDomainAsync(string domain, bool probe = false, string? dkimSelector = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Confirms the token the signup widget put in a form, for the address the form was submitted with. A refused token
    /// throws <see cref="VerifierProblemException"/> with status 422 and a <see cref="TokenProblems"/> type.
    /// </summary>
    [ApiOperation("POST", "/v1/tokens/confirm", "ConfirmToken")]
    Task<TokenConfirmation> ConfirmTokenAsync(string token, string email, CancellationToken cancellationToken = default);
}

/// <summary>The problem types of a refused token (<see cref="VerifierProblemException.Type"/>).</summary>
public static class TokenProblems
{
    /// <summary>Altered, malformed, or not signed by the service.</summary>
    public const string Invalid = "urn:verifier:problem:token-invalid";

    /// <summary>Issued for a publishable key not bound to the caller's tenant.</summary>
    public const string ForeignKey = "urn:verifier:problem:token-foreign-key";

    /// <summary>Older than the service's token lifetime.</summary>
    public const string Expired = "urn:verifier:problem:token-expired";

    /// <summary>Issued for another address.</summary>
    public const string AddressMismatch = "urn:verifier:problem:token-address-mismatch";

    /// <summary>The service signs no tokens (no signing key configured).</summary>
    public const string Disabled = "urn:verifier:problem:tokens-disabled";
}
