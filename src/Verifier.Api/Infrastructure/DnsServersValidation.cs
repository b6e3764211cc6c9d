using Microsoft.Extensions.Options;
using Verifier.Core.Dns;

namespace Verifier.Api.Infrastructure;

/// <summary>Checks every configured DNS server at start rather than at the first lookup.</summary>
internal sealed class DnsServersValidation : IValidateOptions<DnsOptions>
{
    public ValidateOptionsResult Validate(string? name, DnsOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Servers.Count; i++)
        {
            try
            {
                LookupClientFactory.ParseServer(options.Servers[i]);
            }
            catch (FormatException error)
            {
                failures.Add($"Verifier:Dns:Servers:{i} ('{options.Servers[i]}') is not a host or host:port: {error.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
