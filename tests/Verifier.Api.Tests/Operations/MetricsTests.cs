using System.Net;
using System.Net.Http.Json;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Api.Tests.Jobs;

namespace Verifier.Api.Tests.Operations;

/// <summary>
/// <c>GET /metrics</c> after real verifications against loopback DNS, SMTP and Redis. Two instances share Redis, as in
/// production: the second finds the first's verdicts in Redis (a Redis hit), then in its own memory (a memory hit).
/// </summary>
[Collection(OperationsWorld.Collection)]
public sealed class MetricsTests(OperationsWorld world) : IClassFixture<OperationsWorld>
{
    [Fact]
    public async Task Metrics_show_verdicts_smtp_codes_stages_cache_levels_and_requests()
    {
        // The first instance's verdict reaches Redis before the second starts; a meter provider counts from its own start.
        using (var first = world.CreateApplication().CreateClient())
        {
            await first.GetJsonAsync("/v1/verify?email=" + Uri.EscapeDataString(OperationsWorld.Accepted));
        }

        using var second = world.CreateApplication().CreateClient();
        var fromRedis = await second.GetJsonAsync("/v1/verify?email=" + Uri.EscapeDataString(OperationsWorld.Accepted));
        var fromMemory = await second.GetJsonAsync("/v1/verify?email=" + Uri.EscapeDataString(OperationsWorld.Accepted));
        Assert.Equal("True", fromRedis.Str("cached"));
        Assert.Equal("True", fromMemory.Str("cached"));

        // An address no test verified before: a miss at both levels.
        await second.GetJsonAsync("/v1/verify?email=" + Uri.EscapeDataString("seen-once@ops.test"));

        var fresh = await second.GetJsonAsync("/v1/verify?email=" + Uri.EscapeDataString(OperationsWorld.Accepted) + "&refresh=true");
        Assert.Equal("accepted", fresh.Str("reason"));
        await second.GetJsonAsync("/v1/verify?email=" + Uri.EscapeDataString(OperationsWorld.Unknown) + "&refresh=true");
        await second.PostJsonAsync("/v1/verify/batch", new { emails = new[] { OperationsWorld.Full, "a..b@ops.test" }, smtp = true, refresh = true });

        using (var response = await second.GetAsync(new Uri("/metrics", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        }

        // ASP.NET Core records a request's duration when the request context is disposed, which can be just after
        // the client has read the whole response; read again until the batch request has been counted.
        var text = await ReadMetricsUntilAsync(second, metrics => PrometheusText.Samples(metrics, "http_server_request_duration_seconds_count",
            ("http_request_method", "POST"), ("http_route", "/v1/verify/batch")).Any(value => value > 0));

        // Verdicts and reasons.
        PrometheusText.AssertPositive(text, "verifier_verifications_total", ("verdict", "deliverable"), ("reason", "accepted"), ("cached", "false"));
        PrometheusText.AssertPositive(text, "verifier_verifications_total", ("verdict", "deliverable"), ("reason", "accepted"), ("cached", "true"));
        PrometheusText.AssertPositive(text, "verifier_verifications_total", ("verdict", "undeliverable"), ("reason", "mailbox_not_found"));
        PrometheusText.AssertPositive(text, "verifier_verifications_total", ("verdict", "risky"), ("reason", "mailbox_full"));
        PrometheusText.AssertPositive(text, "verifier_verifications_total", ("verdict", "undeliverable"), ("reason", "invalid_syntax"));

        // Replies of the recipients' servers.
        PrometheusText.AssertPositive(text, "verifier_smtp_replies_total", ("code", "550"), ("enhanced_code", "5.1.1"), ("command", "rcpt"));
        PrometheusText.AssertPositive(text, "verifier_smtp_replies_total", ("code", "552"), ("enhanced_code", "5.2.2"), ("command", "rcpt"));
        PrometheusText.AssertPositive(text, "verifier_smtp_replies_total", ("code", "250"), ("command", "mail"));
        PrometheusText.AssertPositive(text, "verifier_smtp_probes_total", ("outcome", "completed"));

        // Stage durations.
        foreach (var stage in new[] { "syntax", "dns", "smtp" })
        {
            PrometheusText.AssertPositive(text, "verifier_verification_stage_duration_seconds_count", ("stage", stage));
            PrometheusText.AssertPositive(text, "verifier_verification_stage_duration_seconds_bucket", ("stage", stage), ("le", "+Inf"));
        }

        // Cache levels.
        PrometheusText.AssertPositive(text, "verifier_cache_lookups_total", ("level", "memory"), ("result", "hit"));
        PrometheusText.AssertPositive(text, "verifier_cache_lookups_total", ("level", "memory"), ("result", "miss"));
        PrometheusText.AssertPositive(text, "verifier_cache_lookups_total", ("level", "redis"), ("result", "hit"));
        PrometheusText.AssertPositive(text, "verifier_cache_lookups_total", ("level", "redis"), ("result", "miss"));

        // Sessions: every session has ended, so the host's gauge is back to zero (no other test probes mx.ops.test).
        Assert.Equal([0d], PrometheusText.Samples(text, "verifier_smtp_sessions_open", ("host", "mx.ops.test")));

        // ASP.NET Core's request metrics, by route and status.
        PrometheusText.AssertPositive(text, "http_server_request_duration_seconds_count",
            ("http_request_method", "GET"), ("http_route", "/v1/verify/"), ("http_response_status_code", "200"));
        PrometheusText.AssertPositive(text, "http_server_request_duration_seconds_count",
            ("http_request_method", "POST"), ("http_route", "/v1/verify/batch"), ("http_response_status_code", "200"));

        // Runtime metrics.
        Assert.Contains("dotnet_gc_", text, StringComparison.Ordinal);

        // Nothing personal: addresses never become label values.
        Assert.DoesNotContain("@", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_follow_a_csv_job_from_queued_to_completed()
    {
        using var client = world.CreateApplication().CreateClient();

        var id = await JobWorld.SubmitAsync(client, $"email\n{OperationsWorld.Accepted}\n{OperationsWorld.Unknown}\n\nnot-an-address\n");
        var done = await JobWorld.WaitForFinishAsync(client, id);
        Assert.Equal("completed", done.Str("status"));

        var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        PrometheusText.AssertPositive(text, "verifier_jobs_rows_processed_total");

        // The gauges are exported; their values are not asserted: the engine's meter is process-wide, and the test
        // process runs other applications whose jobs move these gauges too (one application per process in production).
        Assert.Single(PrometheusText.Samples(text, "verifier_jobs_queued"));
        Assert.Single(PrometheusText.Samples(text, "verifier_jobs_running"));
    }

    [Fact]
    public async Task Metrics_are_not_part_of_the_api_document()
    {
        using var client = world.CreateApplication().CreateClient();

        var document = await client.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        Assert.DoesNotContain("\"/metrics\"", document, StringComparison.Ordinal);
    }

    private static async Task<string> ReadMetricsUntilAsync(HttpClient client, Func<string, bool> recorded)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var text = await client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            if (recorded(text) || DateTime.UtcNow > deadline)
            {
                return text; // the assertions that follow report what is missing
            }

            await Task.Delay(20);
        }
    }
}
