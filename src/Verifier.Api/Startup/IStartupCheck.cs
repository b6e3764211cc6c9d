namespace Verifier.Api.Startup;

/// <summary>
/// Something a feature needs before the process may start (a folder it can write, a connection string it can
/// parse), checked once after the settings are bound. A check reads its settings from the services it is given
/// inside <see cref="Problems"/>; settings that fail their own validation are reported by the settings check, and
/// a check that needs them is then skipped.
/// </summary>
internal interface IStartupCheck
{
    IEnumerable<SettingProblem> Problems(IServiceProvider services);
}
