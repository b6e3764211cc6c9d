using System.ComponentModel;
using System.Globalization;
using System.Reflection;

namespace Verifier.Api.Startup;

/// <summary>
/// Finds every configured value that cannot be converted to the type of the property it binds to (a time span
/// written "5x", a port written "twenty-five"). The configuration binder stops at the first such value, with a
/// stack trace; this walks the options class as the binder does and names each one, with an example of the form.
/// Only non-string values can fail, so no secret is ever echoed.
/// </summary>
internal static class SettingValueTypes
{
    public static IEnumerable<SettingProblem> Problems(IConfigurationSection section, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            // The binder sets values through public setters only, and fills collections and objects in place.
            if (property.GetIndexParameters().Length > 0 || (IsValue(property.PropertyType) && property.SetMethod is not { IsPublic: true }))
            {
                continue;
            }

            var child = section.GetSection(property.Name);
            foreach (var problem in ProblemsOf(child, property.PropertyType))
            {
                yield return problem;
            }
        }
    }

    private static IEnumerable<SettingProblem> ProblemsOf(IConfigurationSection section, Type type)
    {
        if (IsValue(type))
        {
            if (section.Value is { } value && !Converts(value, type))
            {
                yield return new SettingProblem(section.Path, $"'{value}' is not {Expected(type)}");
            }

            yield break;
        }

        if (ElementType(type) is { } element)
        {
            foreach (var item in section.GetChildren())
            {
                foreach (var problem in ProblemsOf(item, element))
                {
                    yield return problem;
                }
            }

            yield break;
        }

        if (type.IsClass && type != typeof(object) && !type.IsGenericType)
        {
            foreach (var problem in Problems(section, type))
            {
                yield return problem;
            }
        }
    }

    /// <summary>A type the binder converts from one string, as it does (TypeConverter, invariant culture).</summary>
    private static bool IsValue(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return underlying.IsPrimitive || underlying.IsEnum || underlying == typeof(string) || underlying == typeof(decimal)
            || underlying == typeof(TimeSpan) || underlying == typeof(DateTime) || underlying == typeof(DateTimeOffset)
            || underlying == typeof(Guid) || underlying == typeof(Uri);
    }

    private static bool Converts(string value, Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            if (value.Length == 0)
            {
                return true;
            }

            type = underlying;
        }

        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception error) when (error is FormatException or ArgumentException or NotSupportedException or OverflowException
            || error.InnerException is FormatException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>The element type of a list or array the binder fills item by item; null for anything else.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        return definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(ICollection<>)
            || definition == typeof(IEnumerable<>) || definition == typeof(IReadOnlyList<>) || definition == typeof(IReadOnlyCollection<>)
            || definition == typeof(HashSet<>) || definition == typeof(ISet<>)
            ? type.GetGenericArguments()[0]
            : null;
    }

    private static string Expected(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (underlying.IsEnum)
        {
            return $"one of {string.Join(", ", Enum.GetNames(underlying))}; write one of them";
        }

        return Type.GetTypeCode(underlying) switch
        {
            TypeCode.Boolean => "true or false; write true or false",
            TypeCode.Byte or TypeCode.SByte or TypeCode.Int16 or TypeCode.UInt16 or TypeCode.Int32 or TypeCode.UInt32
                or TypeCode.Int64 or TypeCode.UInt64 => "a whole number; write digits only, such as 50",
            TypeCode.Single or TypeCode.Double or TypeCode.Decimal => "a number; write it with a '.' for the decimal point, such as 0.5",
            _ when underlying == typeof(TimeSpan) => "a time span; write [d.]hh:mm:ss[.fff], such as 00:00:30 for 30 seconds or 1.00:00:00 for a day",
            _ => string.Create(CultureInfo.InvariantCulture, $"a valid {underlying.Name}; correct it"),
        };
    }
}
