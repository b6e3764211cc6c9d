using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Verifier.Client;

// In the DI namespace, beside AddHttpClient, so that Program.cs needs no using for it.
namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers <see cref="IVerifierClient"/> as a typed client of <see cref="IHttpClientFactory"/>.</summary>
public static class VerifierClientServiceCollectionExtensions
{
    /// <summary>The name of the resilience pipeline the client's requests go through.</summary>
    public const string ResiliencePipelineName = "verifier";

    /// <summary>
    /// Registers <see cref="IVerifierClient"/>: the base address and key from <paramref name="configure"/>, retries of
    /// transient failures (<see cref="VerifierClientOptions.MaxRetries"/>, honouring <c>Retry-After</c>) through
    /// Microsoft.Extensions.Http.Resilience. Returns the client's builder for further configuration.
    /// </summary>
    public static IHttpClientBuilder AddVerifierClient(this IServiceCollection services, Action<VerifierClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddVerifierClient((_, options) => configure(options));
    }

    /// <summary>The same, with the options configured from the service provider (e.g. from configuration or the server's own address).</summary>
    public static IHttpClientBuilder AddVerifierClient(this IServiceCollection services, Action<IServiceProvider, VerifierClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<VerifierClientOptions>()
            .Configure<IServiceProvider>((options, provider) => configure(provider, options))
            .Validate(o => o.BaseAddress is { IsAbsoluteUri: true }, "VerifierClientOptions.BaseAddress must be the API's absolute address, e.g. https://verifier.example/.")
            .Validate(o => o.MaxRetries is >= 0 and <= 10, "VerifierClientOptions.MaxRetries must be between 0 and 10.");

        var builder = services.AddHttpClient<IVerifierClient, VerifierClient>((provider, http) =>
        {
            var options = provider.GetRequiredService<IOptions<VerifierClientOptions>>().Value;
            http.BaseAddress = options.BaseAddress;
            http.Timeout = Timeout.InfiniteTimeSpan; // each call sets its own (RequestTimeout, UploadTimeout)
            if (!string.IsNullOrEmpty(options.ApiKey))
            {
                http.DefaultRequestHeaders.Add(VerifierClient.ApiKeyHeader, options.ApiKey);
            }
        });

        builder.AddResilienceHandler(ResiliencePipelineName, static (pipeline, context) =>
        {
            var options = context.ServiceProvider.GetRequiredService<IOptions<VerifierClientOptions>>().Value;
            if (options.MaxRetries == 0)
            {
                return;
            }

            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldRetryAfterHeader = true,
                ShouldHandle = static args => ValueTask.FromResult(ShouldRetry(args)),
            });
        });
        return builder;
    }

    /// <summary>Connection failures and 408, 429, 5xx are retried, except for uploads (a stream is read once).</summary>
    private static bool ShouldRetry(RetryPredicateArguments<HttpResponseMessage> args)
    {
        if (args.Context.GetRequestMessage() is { } request && request.Options.TryGetValue(VerifierClient.NoRetry, out var noRetry) && noRetry)
        {
            return false;
        }

        return args.Outcome switch
        {
            { Exception: HttpRequestException } => true,
            { Exception: OperationCanceledException } => false,
            { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500,
            _ => false,
        };
    }
}
