using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Verifier.Api.Problems;

/// <summary>Builders for the problem details handlers return.</summary>
public static class ProblemResults
{
    /// <summary>400 with an <c>errors</c> map, property name → messages.</summary>
    public static ValidationProblem Validation(ValidationResult validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        var errors = validation.Errors
            .GroupBy(e => JsonName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

        return TypedResults.ValidationProblem(
            errors,
            detail: "The request has invalid values; see 'errors'.",
            title: "Invalid request",
            type: ProblemTypes.Validation);
    }

    private static string JsonName(string propertyName) =>
        string.IsNullOrEmpty(propertyName) ? "request" : char.ToLowerInvariant(propertyName[0]) + propertyName[1..];
}
