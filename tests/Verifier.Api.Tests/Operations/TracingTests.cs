using System.Collections.Concurrent;
using System.Diagnostics;
using Verifier.Api.Tests.Infrastructure;
using Verifier.Core.Telemetry;

namespace Verifier.Api.Tests.Operations;

/// <summary>Spans around DNS and SMTP, seen by an in-process listener: they exist, nest in the request, and carry no address.</summary>
[Collection(OperationsWorld.Collection)]
public sealed class TracingTests(OperationsWorld world) : IClassFixture<OperationsWorld>
{
    [Fact]
    public async Task Dns_and_smtp_spans_name_domains_and_hosts_never_addresses()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is VerifierTracing.SourceName or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        // Every request of this test continues one trace, which sets its spans apart from other tests' spans.
        var trace = ActivityTraceId.CreateRandom();
        using var client = world.CreateApplication().CreateClient();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        foreach (var email in OperationsWorld.Addresses)
        {
            await client.GetJsonAsync($"/v1/verify?email={Uri.EscapeDataString(email)}&refresh=true");
        }

        await client.PostJsonAsync("/v1/verify/batch", new { emails = OperationsWorld.Addresses, smtp = true, refresh = true });

        var ours = spans.Where(s => s.Source.Name == VerifierTracing.SourceName && s.TraceId == trace).ToList();
        var dns = Assert.Single(ours, s => s.OperationName == VerifierTracing.DnsResolve);
        Assert.Equal("ops.test", dns.GetTagItem("dns.question.name"));
        Assert.Equal("Resolved", dns.GetTagItem("verifier.dns.status"));

        var probes = ours.Where(s => s.OperationName == VerifierTracing.SmtpProbe && "ops.test".Equals(s.GetTagItem("verifier.domain"))).ToList();
        Assert.NotEmpty(probes);
        Assert.All(probes, probe =>
        {
            Assert.Equal("mx.ops.test", probe.GetTagItem("server.address"));
            Assert.Equal("Completed", probe.GetTagItem("verifier.smtp.outcome"));
            Assert.Equal(ActivityKind.Client, probe.Kind);
        });

        // Each span of the engine runs inside the request that caused it.
        Assert.Contains(probes, probe => spans.Any(s => s.Source.Name == "Microsoft.AspNetCore" && s.SpanId == probe.ParentSpanId));

        foreach (var span in spans)
        {
            Assert.DoesNotContain("@", span.DisplayName, StringComparison.Ordinal);
            foreach (var (key, value) in span.TagObjects)
            {
                Assert.False(
                    Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)?.Contains('@', StringComparison.Ordinal) == true,
                    $"span {span.OperationName} ({span.Source.Name}) has an address in {key}: {value}");
            }
        }
    }
}
