using Microsoft.Extensions.Options;
using Verifier.Api.Startup;
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
                failures.Add(new SettingProblem(
                    $"{DnsOptions.SectionName}:{nameof(DnsOptions.Servers)}:{i}",
                    $"is not a DNS server ({error.Message.TrimEnd('.')}); write an address or host name, with :port when not 53, such as 192.0.2.53 or [2001:db8::53]:5353").ToString());
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
