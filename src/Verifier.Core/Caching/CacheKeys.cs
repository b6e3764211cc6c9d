using System.Security.Cryptography;
using System.Text;

namespace Verifier.Core.Caching;

/// <summary>One prefix per kind of data. Addresses are personal data: they only appear hashed.</summary>
public static class CacheKeys
{
    public const string Prefix = "verifier:";

    public static string Verdict(string comparisonKey) => Prefix + "v1:addr:" + Hash(comparisonKey);

    public static string MailInfo(string domain) => Prefix + "v1:mx:" + domain;

    public static string Facts(string domain) => Prefix + "v1:facts:" + domain;

    /// <summary>SHA-256, hex: stable across instances and versions, not reversible to the address.</summary>
    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
