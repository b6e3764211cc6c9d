using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Verifier.Api.Security;
using Verifier.Api.Tokens;
using Verifier.Core.Classification;
using Verifier.Core.Verification;

namespace Verifier.Benchmarks;

/// <summary>
/// What a verification token costs: signing one for an answer to a publishable key (every widget request pays it),
/// and confirming one (the backend's request).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class TokenBenchmarks
{
    private const string SecretKey = "sk_benchmark_0123456789abcdef";
    private const string PublishableKey = "pk_benchmark_0123456789abcdef";

    private static readonly VerificationResult Answer = new()
    {
        Email = "Alice@Example.com",
        Normalized = "alice@example.com",
        Verdict = Verdict.Deliverable,
        Reason = Reason.Accepted,
        LikelySmtp = new LikelySmtp(250, "2.1.5", "success", "Recipient accepted", Observed: true, "send", Retry: false, "Send."),
        Checks = new VerificationChecks(new SyntaxCheck(true, "Alice", "example.com", null), null, null),
        CheckedAt = DateTimeOffset.UnixEpoch,
    };

    private TokenIssuer issuer = null!;
    private TokenConfirmer confirmer = null!;
    private string token = null!;
    private string publishableName = null!;
    private string secretName = null!;

    [GlobalSetup]
    public void SetUp()
    {
        var tokens = Options.Create(new TokenOptions { SigningKey = Convert.ToBase64String(new byte[32]) });
        var auth = new AuthOptions();
        auth.ApiKeys.Add(SecretKey);
        auth.PublishableKeys.Add(new PublishableKeyOptions { Key = PublishableKey });
        var ring = new TokenKeyRing(tokens, new ProductionEnvironment());
        var bindings = new TokenBindings(Options.Create(auth));
        publishableName = bindings.PublishableNames[0];
        secretName = bindings.SecretNames[0];
        issuer = new TokenIssuer(ring, tokens, TimeProvider.System);
        confirmer = new TokenConfirmer(ring, bindings, TimeProvider.System);
        token = issuer.Issue(Answer, publishableName);
    }

    [Benchmark]
    public string Issue() => issuer.Issue(Answer, publishableName);

    [Benchmark]
    public TokenConfirmation? Confirm() => confirmer.Confirm(token, "alice@example.com", secretName).Confirmation;

    private sealed class ProductionEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = Environments.Production;

        public string ApplicationName { get; set; } = "Verifier.Benchmarks";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = null!;
    }
}
