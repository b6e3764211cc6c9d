using Microsoft.Extensions.Options;

namespace Verifier.Api.Startup;

/// <summary>
/// An options class bound to a configuration section, which the start-up check reads and validates.
/// <see cref="ValidateAlone"/> binds and validates a fresh instance from the given section, as the options
/// pipeline would (binding, post-configuration, validators), for a section whose bad values were left out.
/// </summary>
internal sealed record SettingsSection(
    string Path,
    Type OptionsType,
    Func<IServiceProvider, object> Read,
    Func<IServiceProvider, IConfiguration, IEnumerable<string>> ValidateAlone);

internal static class SettingsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to <paramref name="section"/> and validates it (data annotations and
    /// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/>) at start, each problem as a
    /// <see cref="SettingProblem"/> line naming its key. Before that, <see cref="StartupChecks"/> reads every value
    /// of the section, so that a value that is not even of the right type is named too, with the others.
    /// </summary>
    public static OptionsBuilder<T> AddSettings<T>(this IServiceCollection services, string section)
        where T : class, new()
    {
        services.AddSingleton(new SettingsSection(
            section,
            typeof(T),
            provider => provider.GetRequiredService<IOptions<T>>().Value,
            (provider, configuration) => ValidateAlone<T>(provider, configuration)));
        services.AddSingleton<IValidateOptions<T>>(new AnnotatedSettingsValidation<T>(section));
        return services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
    }

    private static IEnumerable<string> ValidateAlone<T>(IServiceProvider provider, IConfiguration configuration)
        where T : class, new()
    {
        var options = new T();
        configuration.Bind(options);
        foreach (var postConfigure in provider.GetServices<IPostConfigureOptions<T>>())
        {
            postConfigure.PostConfigure(Options.DefaultName, options);
        }

        return provider.GetServices<IValidateOptions<T>>()
            .Select(validator => validator.Validate(Options.DefaultName, options))
            .Where(result => result.Failed)
            .SelectMany(result => result.Failures ?? []);
    }
}
