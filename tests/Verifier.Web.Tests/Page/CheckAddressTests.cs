using Microsoft.Playwright;
using Verifier.Web.Tests.Infrastructure;

namespace Verifier.Web.Tests.Page;

/// <summary>"Check one address" in Chromium against the API and its loopback DNS and SMTP servers.</summary>
[Collection(WebPageTests.Name)]
public sealed class CheckAddressTests(WebFixture fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_rejected_mailbox_shows_undeliverable_with_the_550_its_server_gave_and_what_it_means()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("Verifier"));

        await page.GetByLabel("Email address").FillAsync("bob@ok.test");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("Undeliverable", Patient);
        await Assertions.Expect(page.Locator("#reason")).ToHaveAttributeAsync("data-reason", "mailbox_not_found");
        await Assertions.Expect(page.Locator("#smtp-code")).ToHaveTextAsync("550");
        await Assertions.Expect(page.Locator("#smtp-enhanced")).ToHaveTextAsync("5.1.1");
        await Assertions.Expect(page.Locator("#smtp-title")).ToHaveTextAsync("Mailbox not found");
        await Assertions.Expect(page.Locator("#smtp-advice")).ToContainTextAsync("Remove");
        await Assertions.Expect(page.Locator(".observed")).ToContainTextAsync("gave this reply");
        await Assertions.Expect(page.Locator("[data-flag=free]")).ToHaveAttributeAsync("data-value", "false");

        // The explanation from /v1/smtp-codes, opened with the keyboard.
        var summary = page.Locator(".explain summary");
        await summary.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".explanation").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".explanation").First).ToContainTextAsync("550");

        await Screenshots.SaveAsync(page, "check-550");
        Assert.Empty(session.Refused);
        Assert.Empty(session.ConsoleErrors);
    }

    [Fact]
    public async Task A_typo_offers_the_corrected_address_and_one_click_checks_it()
    {
        await using var session = await fixture.OpenAsync();
        var page = session.Page;
        await page.GotoAsync("/");

        // Typed and sent with the Enter key.
        await page.GetByLabel("Email address").FillAsync("alice@gmial.com");
        await page.GetByLabel("Email address").PressAsync("Enter");

        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("Undeliverable", Patient);
        var suggestion = page.Locator("#suggestion-button");
        await Assertions.Expect(suggestion).ToHaveTextAsync("alice@gmail.com");
        await Screenshots.SaveAsync(page, "check-typo");

        await suggestion.ClickAsync();

        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("Deliverable", Patient);
        await Assertions.Expect(page.GetByLabel("Email address")).ToHaveValueAsync("alice@gmail.com");
        await Assertions.Expect(page.Locator("#reason")).ToHaveAttributeAsync("data-reason", "accepted");
        await Assertions.Expect(page.Locator("#smtp-code")).ToHaveTextAsync("250");
        await Assertions.Expect(page.Locator("[data-flag=free]")).ToHaveAttributeAsync("data-value", "true");
        await Assertions.Expect(page.Locator("#suggestion-button")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(page, "check-suggestion-accepted");
        Assert.Empty(session.Refused);
        Assert.Empty(session.ConsoleErrors);
    }
}
