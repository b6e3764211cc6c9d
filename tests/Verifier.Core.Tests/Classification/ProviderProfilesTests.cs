using Verifier.Core.Classification;

namespace Verifier.Core.Tests.Classification;

public sealed class ProviderProfilesTests
{
    [Theory]
    [InlineData("mta5.am0.yahoodns.net", "Yahoo / AOL")]
    [InlineData("mx-aol.mail.gm0.yahoodns.net", "Yahoo / AOL")]
    [InlineData("yahoodns.net", "Yahoo / AOL")]
    [InlineData("MTA6.AM0.YAHOODNS.NET.", "Yahoo / AOL")]
    [InlineData("contoso-com.mail.protection.outlook.com", "Microsoft 365")]
    [InlineData("contoso-com.p-v1.mx.microsoft", "Microsoft 365")]
    [InlineData("hotmail-com.olc.protection.outlook.com", "Outlook.com")]
    [InlineData("mx1.hotmail.com", "Outlook.com")]
    [InlineData("gmail-smtp-in.l.google.com", "Google")]
    [InlineData("aspmx2.googlemail.com", "Google")]
    [InlineData("smtp.google.com", "Google")]
    [InlineData("mx01.mail.icloud.com", "iCloud")]
    [InlineData("mx2.zoho.eu", "Zoho")]
    [InlineData("mx.zoho.com.au", "Zoho")]
    [InlineData("mailsec.protonmail.ch", "Proton")]
    [InlineData("eu-smtp-inbound-1.mimecast.com", "Mimecast")]
    [InlineData("mx0a-00123456.pphosted.com", "Proofpoint")]
    [InlineData("mx1-us1.ppe-hosted.com", "Proofpoint")]
    [InlineData("d123456a.ess.barracudanetworks.com", "Barracuda")]
    [InlineData("mx1.hc1234-56.iphmx.com", "Cisco Secure Email")]
    public void Matches_mx_hosts_by_suffix(string host, string provider)
    {
        Assert.Equal(provider, ProviderProfiles.Match(host)?.Name);
    }

    [Theory]
    [InlineData("notyahoodns.net")]
    [InlineData("yahoodns.net.example.com")]
    [InlineData("mx.notgoogle.com")]
    [InlineData("fakeprotection.outlook.com")]
    [InlineData("mx.example.com")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Does_not_match_across_a_label_boundary_or_unknown_hosts(string? host)
    {
        Assert.Null(ProviderProfiles.Match(host));
    }

    [Fact]
    public void Yahoo_acceptance_proves_nothing()
    {
        var yahoo = ProviderProfiles.Match("mta7.am0.yahoodns.net")!;

        Assert.True(yahoo.AcceptsAllAtRcpt);
        Assert.False(yahoo.CatchAllDetectionReliable);
    }

    [Fact]
    public void Microsoft_365_acceptance_is_unproven_but_not_accept_all()
    {
        var m365 = ProviderProfiles.Match("contoso-com.mail.protection.outlook.com")!;

        Assert.False(m365.AcceptsAllAtRcpt);
        Assert.False(m365.CatchAllDetectionReliable);
    }

    [Theory]
    [InlineData("gmail-smtp-in.l.google.com")]
    [InlineData("hotmail-com.olc.protection.outlook.com")]
    [InlineData("mx01.mail.icloud.com")]
    [InlineData("mx.zoho.com")]
    public void Mailbox_providers_that_reject_unknown_recipients_are_reliable(string host)
    {
        var profile = ProviderProfiles.Match(host)!;

        Assert.False(profile.AcceptsAllAtRcpt);
        Assert.True(profile.CatchAllDetectionReliable);
    }

    [Theory]
    [InlineData("us-smtp-inbound-1.mimecast.com")]
    [InlineData("mx0b-00123456.pphosted.com")]
    [InlineData("d1.ess.barracudanetworks.com")]
    public void Filtering_gateways_leave_acceptance_unproven(string host)
    {
        Assert.False(ProviderProfiles.Match(host)!.CatchAllDetectionReliable);
    }

    [Fact]
    public void Suffixes_are_lower_case_without_edge_dots_and_unique()
    {
        var suffixes = ProviderProfiles.All.SelectMany(p => p.MxSuffixes).ToList();

        Assert.All(suffixes, s =>
        {
            Assert.Equal(s.ToLowerInvariant(), s);
            Assert.False(s.StartsWith('.') || s.EndsWith('.'), s);
        });
        Assert.Equal(suffixes.Count, suffixes.Distinct().Count());
    }

    [Fact]
    public void Every_profile_is_reachable_by_its_own_suffixes()
    {
        Assert.All(ProviderProfiles.All, p =>
            Assert.Contains(p.MxSuffixes, s => ReferenceEquals(ProviderProfiles.Match("mx." + s), p)));
    }
}
