using System.Text;
using Verifier.Core.Jobs.Callbacks;

namespace Verifier.Core.Tests.Jobs;

/// <summary>The callback signature against the published HMAC-SHA256 test vectors, not against itself.</summary>
public sealed class CallbackSignatureTests
{
    /// <summary>RFC 4231 §4.3 (test case 2), and the widely published HMAC-SHA256 of an empty key and an empty message.</summary>
    [Theory]
    [InlineData("Jefe", "what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    [InlineData("", "", "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad")]
    public void Sign_is_the_lower_case_hex_hmac_sha256_of_the_body(string secret, string body, string hex)
    {
        Assert.Equal("sha256=" + hex, JobCallbackSender.Sign(Encoding.UTF8.GetBytes(body), secret));
    }
}
