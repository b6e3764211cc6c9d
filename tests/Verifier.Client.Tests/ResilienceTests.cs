using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Verifier.Client.Tests;

/// <summary>
/// Retries through Microsoft.Extensions.Http.Resilience, against a server that answers as an API under strain does
/// (503, 429 with Retry-After), counting what reaches it: transient failures are retried, uploads never.
/// </summary>
public sealed class ResilienceTests
{
    private const string Explanation =
        """{"query":"550","match":"exact","explanation":{"code":"550","kind":"basic","class":"permanent","title":"Mailbox not found","meaning":"m","causes":[],"retry":false,"advice":"a","relatedReason":"mailbox_not_found","reference":"RFC 5321"}}""";

    [Fact]
    public async Task A_503_and_a_429_are_retried_and_then_answered()
    {
        await using var server = await StrainedApi.StartAsync(failuresBeforeSuccess: 2);
        using var services = server.ClientServices();

        var explained = await services.GetRequiredService<IVerifierClient>().ExplainSmtpCodeAsync("550");

        Assert.Equal(Reason.MailboxNotFound, explained.Explanation.RelatedReason);
        Assert.Equal(["GET /v1/smtp-codes/550", "GET /v1/smtp-codes/550", "GET /v1/smtp-codes/550"], server.Received);
    }

    [Fact]
    public async Task A_failure_that_lasts_is_retried_a_bounded_number_of_times_and_surfaced_as_transient()
    {
        await using var server = await StrainedApi.StartAsync(failuresBeforeSuccess: 100);
        using var services = server.ClientServices();

        var problem = await Assert.ThrowsAsync<VerifierProblemException>(() => services.GetRequiredService<IVerifierClient>().ExplainSmtpCodeAsync("550"));

        Assert.True(problem.IsTransient);
        Assert.Equal(3, server.Received.Count); // the call and MaxRetries (2) more
    }

    [Fact]
    public async Task An_upload_is_never_retried()
    {
        await using var server = await StrainedApi.StartAsync(failuresBeforeSuccess: 100);
        using var services = server.ClientServices();
        using var csv = new MemoryStream(Encoding.UTF8.GetBytes("email\nalice@ok.test\n"));

        var problem = await Assert.ThrowsAsync<VerifierProblemException>(() => services.GetRequiredService<IVerifierClient>().CreateJobAsync(csv));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, problem.Status);
        Assert.Equal("urn:verifier:problem:unavailable", problem.Type);
        Assert.Equal(TimeSpan.FromSeconds(1), problem.RetryAfter);
        Assert.Equal(["POST /v1/jobs"], server.Received);
    }

    /// <summary>A server that fails the first requests (503, then 429, alternately, with Retry-After: 1), then answers.</summary>
    private sealed class StrainedApi : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<string> _received;

        private StrainedApi(WebApplication app, ConcurrentQueue<string> received)
        {
            _app = app;
            _received = received;
        }

        public IReadOnlyList<string> Received => [.. _received];

        public static async Task<StrainedApi> StartAsync(int failuresBeforeSuccess)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            var app = builder.Build();
            var received = new ConcurrentQueue<string>();
            app.Run(async context =>
            {
                received.Enqueue(context.Request.Method + " " + context.Request.Path);
                if (received.Count <= failuresBeforeSuccess)
                {
                    var status = received.Count % 2 == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status429TooManyRequests;
                    context.Response.StatusCode = status;
                    context.Response.Headers.RetryAfter = "1";
                    context.Response.ContentType = "application/problem+json";
                    await context.Response.WriteAsync(status == 503
                        ? """{"type":"urn:verifier:problem:unavailable","title":"Unavailable","status":503,"detail":"Try again."}"""
                        : """{"type":"urn:verifier:problem:too-many-requests","title":"Too many requests","status":429,"detail":"Slow down."}""");
                    return;
                }

                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(Explanation);
            });
            await app.StartAsync();
            return new StrainedApi(app, received);
        }

        public ServiceProvider ClientServices()
        {
            var services = new ServiceCollection();
            services.AddVerifierClient(options => options.BaseAddress = new Uri("http://strained.test/"))
                .ConfigurePrimaryHttpMessageHandler(() => _app.GetTestServer().CreateHandler());
            return services.BuildServiceProvider();
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
