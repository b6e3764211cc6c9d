using System.Text.Json;
using Verifier.Core.Classification;
using Verifier.Core.Verification;

namespace Verifier.Api.Tokens;

/// <summary>Verdicts and reasons in a token are spelt as the API spells them (snake_case).</summary>
internal static class TokenVocabulary
{
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static bool TryParse<TEnum>(string name, out TEnum value)
        where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (Name(candidate) == name)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    public static RiskFlags Flags(int bits) => new((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0);
}
