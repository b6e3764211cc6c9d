using System.Diagnostics.Metrics;
using System.Text.Json;
using Verifier.Core.Classification;
using Verifier.Core.Jobs;
using Verifier.Core.Smtp;
using Verifier.Core.Verification;

namespace Verifier.Core.Telemetry;

/// <summary>
/// The engine's instruments, on one <see cref="Meter"/> named <see cref="MeterName"/>; the host exports them
/// (OpenTelemetry, Prometheus at <c>/metrics</c>). The meter is static, as the runtime's own libraries do it:
/// the engine's classes are also built without a container (tests, benchmarks), recording needs no constructor
/// parameter, and a listener subscribes by name. No instrument carries an address: tags are verdicts, reasons,
/// reply codes, stages, cache levels and MX host names, which are not personal data.
/// <para>Prometheus names (OpenTelemetry's exporter turns dots into underscores, appends the unit and
/// <c>_total</c> for counters) are given with each instrument.</para>
/// </summary>
public static class VerifierMetrics
{
    public const string MeterName = "Verifier";

    /// <summary>Values of the <c>stage</c> tag of <see cref="StageDuration"/>.</summary>
    public static class Stages
    {
        public const string Syntax = "syntax";
        public const string Dns = "dns";
        public const string Smtp = "smtp";
    }

    /// <summary>Values of the <c>command</c> tag of <see cref="SmtpReplies"/>.</summary>
    public static class Commands
    {
        /// <summary>A reply that refused the session before MAIL FROM: greeting, EHLO/HELO or STARTTLS.</summary>
        public const string Connect = "connect";

        public const string MailFrom = "mail";

        public const string RcptTo = "rcpt";
    }

    /// <summary>Values of the <c>level</c> tag of <see cref="CacheLookups"/>.</summary>
    public static class CacheLevels
    {
        public const string Memory = "memory";
        public const string Redis = "redis";
    }

    private static readonly Meter Meter = new(MeterName, typeof(VerifierMetrics).Assembly.GetName().Version?.ToString());

    private static readonly string[] VerdictNames = Names<Verdict>();
    private static readonly string[] ReasonNames = Names<Reason>();
    private static readonly string[] OutcomeNames = Names<ProbeOutcome>();

    /// <summary>Reply codes are three digits (MailKit parses no other); cached strings avoid an allocation per reply.</summary>
    private static readonly string[] CodeNames = [.. Enumerable.Range(0, 600).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary>
    /// <c>verifier.verification.stage.duration</c> (seconds; Prometheus <c>verifier_verification_stage_duration_seconds</c>),
    /// tag <c>stage</c> = syntax · dns · smtp. One measurement per stage run, its cache lookups included: one per address
    /// for syntax, one per domain for DNS and SMTP (a batch verifies each domain once).
    /// </summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram(
        "verifier.verification.stage.duration",
        unit: "s",
        description: "Time one stage of the verification pipeline took (syntax per address; DNS and SMTP per domain).",
        tags: null,
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.0001, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
        });

    /// <summary>
    /// <c>verifier.verifications</c> (Prometheus <c>verifier_verifications_total</c>), tags <c>verdict</c>, <c>reason</c>
    /// (snake_case, as in results) and <c>cached</c> (true · false): one per address answered, by a single verify or in a batch.
    /// The share of <c>verdict="undeliverable"</c> is the bounce rate a send to the verified addresses would have had.
    /// </summary>
    public static readonly Counter<long> Verifications = Meter.CreateCounter<long>(
        "verifier.verifications",
        unit: "{verification}",
        description: "Addresses answered, by verdict and reason.");

    /// <summary>
    /// <c>verifier.smtp.replies</c> (Prometheus <c>verifier_smtp_replies_total</c>), tags <c>code</c> (550),
    /// <c>enhanced_code</c> (5.1.1, or "none" when the server sent none) and <c>command</c> (connect · mail · rcpt):
    /// every reply to MAIL FROM and RCPT TO, and every reply that refused a session before them.
    /// </summary>
    public static readonly Counter<long> SmtpReplies = Meter.CreateCounter<long>(
        "verifier.smtp.replies",
        unit: "{reply}",
        description: "SMTP replies received from recipients' servers, by code.");

    /// <summary>
    /// <c>verifier.smtp.probes</c> (Prometheus <c>verifier_smtp_probes_total</c>), tag <c>outcome</c> (completed ·
    /// no_routable_address · connect_failed · session_rejected · timeout · protocol_error): one per SMTP probe of a domain.
    /// </summary>
    public static readonly Counter<long> SmtpProbes = Meter.CreateCounter<long>(
        "verifier.smtp.probes",
        unit: "{probe}",
        description: "SMTP probes of a domain, by how they ended.");

    /// <summary>
    /// <c>verifier.smtp.sessions.open</c> (Prometheus <c>verifier_smtp_sessions_open</c>), tag <c>host</c> (the MX host):
    /// SMTP sessions connected now. <see cref="SmtpOptions.MaxSessionsPerHost"/> bounds it per host.
    /// </summary>
    public static readonly UpDownCounter<long> SmtpSessionsOpen = Meter.CreateUpDownCounter<long>(
        "verifier.smtp.sessions.open",
        unit: "{session}",
        description: "SMTP sessions open, by MX host.");

    /// <summary>
    /// <c>verifier.cache.lookups</c> (Prometheus <c>verifier_cache_lookups_total</c>), tags <c>level</c> (memory · redis)
    /// and <c>result</c> (hit · miss): every lookup of a verdict or a domain fact. The Redis level is asked only after a
    /// memory miss; an unreadable or expired Redis value, or Redis unavailable, counts as a miss.
    /// </summary>
    public static readonly Counter<long> CacheLookups = Meter.CreateCounter<long>(
        "verifier.cache.lookups",
        unit: "{lookup}",
        description: "Cache lookups, by level and result.");

    /// <summary>
    /// <c>verifier.jobs.queued</c> (Prometheus <c>verifier_jobs_queued</c>): jobs accepted and waiting for a worker.
    /// +1 when a job is accepted (or found queued at start), −1 when a worker starts it or it ends while queued. A job
    /// accepted by one instance may be started by another: sum the series of every instance.
    /// </summary>
    public static readonly UpDownCounter<long> JobsQueued = Meter.CreateUpDownCounter<long>(
        "verifier.jobs.queued",
        unit: "{job}",
        description: "Jobs waiting for a worker.");

    /// <summary>
    /// <c>verifier.jobs.running</c> (Prometheus <c>verifier_jobs_running</c>): jobs started and not finished.
    /// +1 when a worker starts a job (or finds it running at start), −1 when it completes, fails or is deleted.
    /// </summary>
    public static readonly UpDownCounter<long> JobsRunning = Meter.CreateUpDownCounter<long>(
        "verifier.jobs.running",
        unit: "{job}",
        description: "Jobs being processed by this instance.");

    /// <summary>
    /// <c>verifier.jobs.rows.processed</c> (Prometheus <c>verifier_jobs_rows_processed_total</c>): CSV rows given their
    /// final result by this instance's worker, added as each chunk attempt is recorded (rows without an address included).
    /// </summary>
    public static readonly Counter<long> JobRowsProcessed = Meter.CreateCounter<long>(
        "verifier.jobs.rows.processed",
        unit: "{row}",
        description: "Job rows given a result.");

    /// <summary>
    /// <c>verifier.jobs.retries.pending</c> (Prometheus <c>verifier_jobs_retries_pending</c>): rows set aside to be verified
    /// again later (greylisted, temporarily unavailable): +1 per row set aside (or found waiting at start), −1 when it is
    /// asked again.
    /// </summary>
    public static readonly UpDownCounter<long> JobRetriesPending = Meter.CreateUpDownCounter<long>(
        "verifier.jobs.retries.pending",
        unit: "{row}",
        description: "Job rows waiting to be verified again.");

    /// <summary>Records the time a stage took since <paramref name="startedAt"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public static void RecordStage(string stage, TimeProvider time, long startedAt)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (StageDuration.Enabled)
        {
            StageDuration.Record(time.GetElapsedTime(startedAt).TotalSeconds, new KeyValuePair<string, object?>("stage", stage));
        }
    }

    /// <summary>Counts one answered address by its verdict and reason.</summary>
    public static void RecordVerification(VerificationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (Verifications.Enabled)
        {
            Verifications.Add(
                1,
                new KeyValuePair<string, object?>("verdict", VerdictNames[(int)result.Verdict]),
                new KeyValuePair<string, object?>("reason", ReasonNames[(int)result.Reason]),
                new KeyValuePair<string, object?>("cached", result.Cached ? "true" : "false"));
        }
    }

    /// <summary>Counts one reply from a remote SMTP server.</summary>
    public static void RecordSmtpReply(string command, SmtpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (SmtpReplies.Enabled)
        {
            SmtpReplies.Add(
                1,
                new KeyValuePair<string, object?>("code", CodeName(reply.Code)),
                new KeyValuePair<string, object?>("enhanced_code", reply.EnhancedCode ?? "none"),
                new KeyValuePair<string, object?>("command", command));
        }
    }

    /// <summary>Counts one finished SMTP probe by its outcome.</summary>
    public static void RecordProbe(ProbeOutcome outcome) =>
        SmtpProbes.Add(1, new KeyValuePair<string, object?>("outcome", OutcomeNames[(int)outcome]));

    /// <summary>Counts one cache lookup.</summary>
    public static void RecordCacheLookup(string level, bool hit) =>
        CacheLookups.Add(1, new KeyValuePair<string, object?>("level", level), new KeyValuePair<string, object?>("result", hit ? "hit" : "miss"));

    /// <summary>A job was accepted, or was found queued when the worker started.</summary>
    public static void JobQueued() => JobsQueued.Add(1);

    /// <summary>A job was found running when the worker started.</summary>
    public static void JobResumed() => JobsRunning.Add(1);

    /// <summary>A worker took a queued job's first chunk.</summary>
    public static void JobStarted()
    {
        JobsQueued.Add(-1);
        JobsRunning.Add(1);
    }

    /// <summary>A job completed, failed or was deleted; <paramref name="before"/> is its status until then.</summary>
    public static void JobEnded(JobStatus before)
    {
        if (before == JobStatus.Queued)
        {
            JobsQueued.Add(-1);
        }
        else if (before == JobStatus.Running)
        {
            JobsRunning.Add(-1);
        }
    }

    /// <summary>One attempt at a chunk was recorded: rows that got their final result, rows set aside, rows asked again.</summary>
    public static void JobChunkRecorded(int finalized, int setAside, int retried)
    {
        JobRowsProcessed.Add(finalized);
        JobRetriesPending.Add(setAside - retried);
    }

    /// <summary>Rows found waiting for a retry when the worker started.</summary>
    public static void JobRetriesFound(int rows) => JobRetriesPending.Add(rows);

    /// <summary>Counts an SMTP session to <paramref name="host"/> as open until the returned value is disposed.</summary>
    public static OpenSession SessionOpened(string host)
    {
        SmtpSessionsOpen.Add(1, new KeyValuePair<string, object?>("host", host));
        return new OpenSession(host);
    }

    /// <summary>An open SMTP session as <see cref="SmtpSessionsOpen"/> counts it.</summary>
    public readonly struct OpenSession(string host) : IDisposable
    {
        public void Dispose() => SmtpSessionsOpen.Add(-1, new KeyValuePair<string, object?>("host", host));
    }

    private static string CodeName(int code) => code is >= 0 and < 600 ? CodeNames[code] : "other";

    private static string[] Names<TEnum>()
        where TEnum : struct, Enum
    {
        var values = Enum.GetValues<TEnum>();
        var names = new string[values.Length];
        foreach (var value in values)
        {
            names[Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)] = JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());
        }

        return names;
    }
}
