using Microsoft.Playwright;
using Verifier.Web.Tests.Infrastructure;

namespace Verifier.Web.Tests.Widget;

/// <summary><c>/demo/signup</c> in Chromium: the widget on a plain form, and a backend that confirms its token through Verifier.Client.</summary>
[Collection(WidgetTestGroup.Name)]
public sealed class DemoSignupTests(WidgetFixture fixture)
{
    private static readonly PageAssertionsToHaveURLOptions Patient = new() { Timeout = 15_000 };

    private async Task<PageSession> OpenDemoAsync()
    {
        var session = await fixture.Chromium.OpenAsync(fixture.Open.Address);
        await session.Page.GotoAsync("/demo/signup");
        return session;
    }

    [Fact]
    public async Task A_typo_fixed_with_one_click_signs_up_with_the_token_confirmed_by_the_backend()
    {
        await using var session = await OpenDemoAsync();
        var page = session.Page;
        await page.GetByLabel("Name").FillAsync("Alice");
        await page.GetByLabel("Email").FillAsync("alice@gmial.com");
        await page.GetByLabel("Email").PressAsync("Tab");
        await page.Locator("button.verifier-suggestion").ClickAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveAttributeAsync("data-verifier-state", "ok", new() { Timeout = 15_000 });
        await Screenshots.SaveAsync(page, "demo-signup");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Assertions.Expect(page.Locator("#outcome")).ToHaveTextAsync("Welcome!", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("dd[data-term='verdict']")).ToHaveTextAsync("deliverable");
        await Assertions.Expect(page.Locator("dd[data-term='checked by']")).ToContainTextAsync("token, confirmed");
        await Assertions.Expect(page.Locator("dd[data-term='key']")).ToHaveTextAsync("open");
        await Screenshots.SaveAsync(page, "demo-welcome");
        Assert.Empty(session.Refused);
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task An_address_that_does_not_exist_is_turned_away_by_the_backend()
    {
        await using var session = await OpenDemoAsync();
        var page = session.Page;
        await page.GetByLabel("Email").FillAsync("bob@ok.test");
        await page.GetByLabel("Email").PressAsync("Tab");
        await Assertions.Expect(page.GetByLabel("Email")).ToHaveAttributeAsync("aria-invalid", "true", new() { Timeout = 15_000 });

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Assertions.Expect(page.Locator("#outcome")).ToHaveTextAsync("Please check your address", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("dd[data-term='reason']")).ToHaveTextAsync("mailbox_not_found");
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task Without_a_token_the_backend_verifies_the_address_itself()
    {
        await using var session = await OpenDemoAsync();
        var page = session.Page;

        // Submitted at once: the widget's check has only just started, so the form carries no token yet.
        await page.GetByLabel("Email").FillAsync("alice@ok.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/demo/signup$"), Patient);
        await Assertions.Expect(page.Locator("#outcome")).ToHaveTextAsync("Welcome!", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("dd[data-term='checked by']")).ToContainTextAsync("verification by the backend");
    }
}
