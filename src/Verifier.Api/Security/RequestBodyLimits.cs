using Microsoft.AspNetCore.Http.Metadata;

namespace Verifier.Api.Security;

/// <summary>
/// Request body limits of <c>/v1</c> endpoints: <see cref="Default"/> unless the endpoint says otherwise with
/// <see cref="WithRequestBodyLimit{TBuilder}"/> (or any <see cref="IRequestSizeLimitMetadata"/>, such as
/// <c>[RequestSizeLimit]</c>). A larger body is answered with 413 problem details.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary>64 KiB: far more than any JSON question about one address needs.</summary>
    public const long Default = 64 * 1024;

    /// <summary>
    /// Sets the largest request body <paramref name="builder"/>'s endpoints accept, in bytes; null lifts the limit, for
    /// streamed uploads that enforce their own (e.g. <c>.WithRequestBodyLimit(null)</c> on a CSV upload counting rows and bytes).
    /// </summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long? maxBytes)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (maxBytes is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxBytes), maxBytes, "A body limit cannot be negative.");
        }

        return builder.WithMetadata(new RequestBodyLimitMetadata(maxBytes));
    }

    private sealed record RequestBodyLimitMetadata(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
