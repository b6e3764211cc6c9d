using Verifier.Core.Classification;
using Verifier.Core.Verification;

namespace Verifier.Core.Tests.Classification;

public sealed class DeliverabilityScoreTests
{
    private static readonly RiskFlags[] AllFlags =
    [
        .. from d in new[] { false, true }
           from r in new[] { false, true }
           from f in new[] { false, true }
           select new RiskFlags(d, r, f),
    ];

    private static IEnumerable<int> Scores(Verdict verdict) =>
        from reason in Enum.GetValues<Reason>()
        where Classifier.VerdictOf(reason) == verdict
        from flags in AllFlags
        select DeliverabilityScore.Compute(verdict, reason, flags);

    [Theory]
    [InlineData(Verdict.Deliverable, Verdict.Risky)]
    [InlineData(Verdict.Risky, Verdict.Unknown)]
    [InlineData(Verdict.Unknown, Verdict.Undeliverable)]
    public void Every_score_of_a_better_verdict_beats_every_score_of_a_worse_one(Verdict better, Verdict worse)
    {
        Assert.True(Scores(better).Min() > Scores(worse).Max(), $"{better} min {Scores(better).Min()} vs {worse} max {Scores(worse).Max()}");
    }

    [Fact]
    public void Catch_all_scores_between_accepted_and_unknown()
    {
        var accepted = DeliverabilityScore.Compute(Verdict.Deliverable, Reason.Accepted, RiskFlags.None);
        var catchAll = DeliverabilityScore.Compute(Verdict.Risky, Reason.CatchAll, RiskFlags.None);
        var unknown = DeliverabilityScore.Compute(Verdict.Unknown, Reason.SmtpNotChecked, RiskFlags.None);
        var bad = DeliverabilityScore.Compute(Verdict.Undeliverable, Reason.MailboxNotFound, RiskFlags.None);

        Assert.True(accepted > catchAll && catchAll > unknown && unknown > bad, $"{accepted} {catchAll} {unknown} {bad}");
    }

    public static TheoryData<Verdict, Reason> Pairs()
    {
        var data = new TheoryData<Verdict, Reason>();
        foreach (var reason in Enum.GetValues<Reason>())
        {
            data.Add(Classifier.VerdictOf(reason), reason);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public void Flags_never_raise_the_score_and_stay_in_range(Verdict verdict, Reason reason)
    {
        var none = DeliverabilityScore.Compute(verdict, reason, RiskFlags.None);

        Assert.InRange(none, 0, 100);
        Assert.All(AllFlags, flags => Assert.True(DeliverabilityScore.Compute(verdict, reason, flags) <= none));
    }

    [Fact]
    public void Disposable_and_role_lower_the_score_free_does_not()
    {
        var plain = DeliverabilityScore.Compute(Verdict.Deliverable, Reason.Accepted, RiskFlags.None);

        Assert.True(DeliverabilityScore.Compute(Verdict.Deliverable, Reason.Accepted, new RiskFlags(false, true, false)) < plain);
        Assert.True(DeliverabilityScore.Compute(Verdict.Risky, Reason.CatchAll, new RiskFlags(true, false, false))
            < DeliverabilityScore.Compute(Verdict.Risky, Reason.CatchAll, RiskFlags.None));
        Assert.Equal(plain, DeliverabilityScore.Compute(Verdict.Deliverable, Reason.Accepted, new RiskFlags(false, false, true)));
    }

    [Theory]
    [InlineData(Verdict.Deliverable, Reason.Accepted, false, false, 95)]
    [InlineData(Verdict.Deliverable, Reason.Accepted, false, true, 85)]
    [InlineData(Verdict.Risky, Reason.CatchAll, false, false, 70)]
    [InlineData(Verdict.Risky, Reason.Disposable, true, false, 45)]
    [InlineData(Verdict.Risky, Reason.Disposable, true, true, 41)]
    [InlineData(Verdict.Risky, Reason.MailboxFull, false, false, 55)]
    [InlineData(Verdict.Unknown, Reason.SmtpNotChecked, false, false, 40)]
    [InlineData(Verdict.Unknown, Reason.DnsError, true, true, 11)]
    [InlineData(Verdict.Undeliverable, Reason.MailboxNotFound, false, false, 0)]
    public void Documented_formula(Verdict verdict, Reason reason, bool disposable, bool role, int expected)
    {
        Assert.Equal(expected, DeliverabilityScore.Compute(verdict, reason, new RiskFlags(disposable, role, false)));
    }

    [Fact]
    public void Classification_overload_uses_its_verdict_and_reason()
    {
        var c = new Verifier.Core.Classification.Classification(Verdict.Risky, Reason.CatchAll, LikelySmtpCatalog.Predict(Reason.CatchAll));

        Assert.Equal(70, DeliverabilityScore.Compute(c, RiskFlags.None));
    }
}
