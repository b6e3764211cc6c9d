using Microsoft.Playwright;
using Verifier.Web.Tests.Infrastructure;

namespace Verifier.Web.Tests.Page;

/// <summary>The page on a phone, by keyboard, and with nothing from outside this server.</summary>
[Collection(WebPageTests.Name)]
public sealed class LayoutTests(WebFixture fixture)
{
    [Fact]
    public async Task On_a_phone_nothing_scrolls_sideways_and_the_result_fits()
    {
        await using var session = await fixture.OpenAsync(new ViewportSize { Width = 375, Height = 740 });
        var page = session.Page;
        await page.GotoAsync("/");
        await page.GetByLabel("Email address").FillAsync("dave.the.very.long.address.name@ok.test");
        await page.GetByLabel("Email address").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#verdict")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 0, $"The page is {overflow}px wider than a 375px screen.");
        await Screenshots.SaveAsync(page, "phone-check");
        Assert.Empty(session.Refused);
    }

    [Fact]
    public async Task The_page_is_served_with_a_strict_content_security_policy_and_every_control_has_a_label()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        var response = await page.GotoAsync("/");
        Assert.NotNull(response);
        Assert.Equal(200, response.Status);
        var policy = await response.HeaderValueAsync("content-security-policy");
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);

        // Every input and select is named by a label (what a screen reader announces).
        var unlabelled = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('input, select')].filter(e => e.labels.length === 0 && !e.getAttribute('aria-label')).map(e => e.id)");
        Assert.Empty(unlabelled);

        // The file picker is reachable by keyboard: Tab from the address form lands on it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("file-input", await page.EvaluateAsync<string>("() => document.activeElement.id"));

        // Results and progress are announced.
        Assert.Equal("polite", await page.Locator("#check-result").GetAttributeAsync("aria-live"));
        Assert.Equal("polite", await page.Locator("#job-announce").GetAttributeAsync("aria-live"));
        Assert.Empty(session.Refused);
        Assert.Empty(session.ConsoleErrors);
    }
}
