using Microsoft.Extensions.Options;
using Verifier.Api.Security;
using Verifier.Api.Startup;

namespace Verifier.Api.Tokens;

/// <summary>Registers verification tokens: options (validated at start), keys, bindings, issuing and confirming.</summary>
internal static class TokensSetup
{
    public static IServiceCollection AddVerifierTokens(this IServiceCollection services)
    {
        services.AddSettings<TokenOptions>(TokenOptions.SectionName);
        services.AddSingleton<IValidateOptions<TokenOptions>, TokenOptionsValidation>();
        services.AddSingleton<IValidateOptions<AuthOptions>, TenantBindingValidation>();
        services.AddSingleton<TokenKeyRing>();
        services.AddSingleton<TokenBindings>();
        services.AddSingleton<TokenIssuer>();
        services.AddSingleton<TokenConfirmer>();
        services.AddSingleton<VerificationTokenFilter>();
        services.AddHostedService<TokenStartupReport>();
        return services;
    }
}
