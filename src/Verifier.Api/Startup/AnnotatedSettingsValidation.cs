using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Options;

namespace Verifier.Api.Startup;

/// <summary>
/// Validates an options class by its attributes (<see cref="RangeAttribute"/>, <see cref="RequiredAttribute"/>) and,
/// all at once rather than only when those pass, by its own <see cref="IValidatableObject.Validate"/>. Each failure
/// is one <see cref="SettingProblem"/> line. A result of <see cref="IValidatableObject.Validate"/> names its key in
/// its last member name, relative to the section (<c>ApiKeys:0</c>), and says the problem and the fix in its message.
/// </summary>
internal sealed class AnnotatedSettingsValidation<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var problems = new List<string>();
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var value = property.GetValue(options);
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = property.Name };
            foreach (var attribute in property.GetCustomAttributes<ValidationAttribute>())
            {
                if (attribute.GetValidationResult(value, context) is { } failure)
                {
                    problems.Add(new SettingProblem($"{section}:{property.Name}", Describe(attribute, value, failure)).ToString());
                }
            }
        }

        if (options is IValidatableObject validatable)
        {
            foreach (var failure in validatable.Validate(new ValidationContext(options)))
            {
                var member = failure.MemberNames.LastOrDefault();
                var key = member is null ? section : $"{section}:{member}";
                problems.Add(new SettingProblem(key, failure.ErrorMessage ?? "is not valid; correct it").ToString());
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static string Describe(ValidationAttribute attribute, object? value, ValidationResult failure) => attribute switch
    {
        RangeAttribute range => $"{Format(value)} is outside the allowed range; set a value from {range.Minimum} to {range.Maximum}",
        RequiredAttribute => "is required but empty; set it",
        _ => $"{failure.ErrorMessage}; correct it",
    };

    private static string Format(object? value) => value switch
    {
        null => "(nothing)",
        TimeSpan time => time.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
