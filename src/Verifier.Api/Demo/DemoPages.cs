using System.Text.Encodings.Web;

namespace Verifier.Api.Demo;

/// <summary>The demo's HTML, from templates in the assembly; every value put in is HTML-encoded.</summary>
internal sealed class DemoPages
{
    /// <summary>Only this origin's script, style and connections; no inline anything: the widget works under it.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private readonly string _signup = Read("signup.html");
    private readonly string _result = Read("result.html");

    public string Css { get; } = Read("demo.css");

    public string Signup(string? publishableKey) => _signup.Replace(
        "{{KEY}}",
        string.IsNullOrEmpty(publishableKey) ? string.Empty : "data-key=\"" + HtmlEncoder.Default.Encode(publishableKey) + "\" ",
        StringComparison.Ordinal);

    public string Result(string title, string summary, IEnumerable<(string Term, string Value)> details) => _result
        .Replace("{{TITLE}}", HtmlEncoder.Default.Encode(title), StringComparison.Ordinal)
        .Replace("{{SUMMARY}}", HtmlEncoder.Default.Encode(summary), StringComparison.Ordinal)
        .Replace(
            "{{DETAILS}}",
            string.Concat(details.Select(d => $"<dt>{HtmlEncoder.Default.Encode(d.Term)}</dt><dd data-term=\"{HtmlEncoder.Default.Encode(d.Term)}\">{HtmlEncoder.Default.Encode(d.Value)}</dd>")),
            StringComparison.Ordinal);

    private static string Read(string name)
    {
        using var stream = typeof(DemoPages).Assembly.GetManifestResourceStream("Verifier.Api.Demo." + name)
            ?? throw new InvalidOperationException($"The embedded resource Verifier.Api.Demo.{name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
