namespace Verifier.Core.Verification;

/// <summary>Enrichment flags.</summary>
public sealed record RiskFlags(bool Disposable, bool Role, bool Free)
{
    public static readonly RiskFlags None = new(false, false, false);
}
