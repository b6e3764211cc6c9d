using Verifier.Core.Enrichment;

namespace Verifier.Core.Tests.Enrichment;

public sealed class RoleAccountsTests
{
    [Theory]
    [InlineData("info")]
    [InlineData("admin")]
    [InlineData("administrator")]
    [InlineData("sales")]
    [InlineData("support")]
    [InlineData("postmaster")]
    [InlineData("hostmaster")]
    [InlineData("webmaster")]
    [InlineData("abuse")]
    [InlineData("billing")]
    [InlineData("contact")]
    [InlineData("help")]
    [InlineData("hello")]
    [InlineData("marketing")]
    [InlineData("office")]
    [InlineData("team")]
    [InlineData("jobs")]
    [InlineData("careers")]
    [InlineData("hr")]
    [InlineData("security")]
    [InlineData("privacy")]
    [InlineData("press")]
    [InlineData("newsletter")]
    [InlineData("mailer-daemon")]
    [InlineData("root")]
    [InlineData("noreply")]
    [InlineData("no-reply")]
    [InlineData("no.reply")]
    [InlineData("no_reply")]
    [InlineData("do-not-reply")]
    [InlineData("donotreply")]
    [InlineData("customer.service")]
    [InlineData("INFO")]
    [InlineData("No-Reply")]
    [InlineData("Mailer_Daemon")]
    [InlineData("info+newsletter")]
    [InlineData("Support+ticket-123")]
    [InlineData("no.reply+x")]
    [InlineData("\"info\"")]
    public void Recognises_roles_whatever_the_case_separators_and_tags(string localPart)
    {
        Assert.True(RoleAccounts.IsRole(localPart));
    }

    [Theory]
    [InlineData("alice")]
    [InlineData("alice.smith")]
    [InlineData("j.doe")]
    [InlineData("information")]
    [InlineData("infox")]
    [InlineData("salesman")]
    [InlineData("john+info")]
    [InlineData("+info")]
    [InlineData("")]
    [InlineData("...")]
    [InlineData("\"\"")]
    public void Leaves_personal_local_parts_alone(string localPart)
    {
        Assert.False(RoleAccounts.IsRole(localPart));
    }

    [Fact]
    public void A_local_part_longer_than_64_octets_is_not_a_role()
    {
        Assert.False(RoleAccounts.IsRole(new string('a', 65)));
        Assert.False(RoleAccounts.IsRole("info+" + new string('x', 100) + "-" + new string('-', 100)));
    }

    [Fact]
    public void Looking_up_does_not_allocate()
    {
        var allocated = AllocationMeter.SteadyStateBytes(() =>
        {
            for (var i = 0; i < 100; i++)
            {
                RoleAccounts.IsRole("No.Reply+x");
                RoleAccounts.IsRole("alice.smith");
            }
        });

        Assert.Equal(0, allocated);
    }
}
