using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Verifier.Web.Tests.Infrastructure;

namespace Verifier.Web.Tests.Widget;

/// <summary>
/// The signup widget in Chromium, on a shop's page of another origin under a strict Content-Security-Policy, against
/// the real API on loopback (DNS and SMTP on loopback behind it).
/// </summary>
[Collection(WidgetTestGroup.Name)]
public sealed class WidgetTests(WidgetFixture fixture)
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Patient = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_typo_gets_a_suggestion_that_one_click_puts_in_the_field_and_the_form_gets_a_token_for_it()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api);

        await shop.TypeAndLeaveAsync("alice@gmial.com");

        var suggestion = shop.Page.Locator("button.verifier-suggestion");
        await Assertions.Expect(suggestion).ToHaveTextAsync("alice@gmail.com", new() { Timeout = 15_000 });
        await Assertions.Expect(shop.Message).ToContainTextAsync("Did you mean alice@gmail.com?");
        await Assertions.Expect(shop.Message).ToContainTextAsync("This domain cannot receive email.");
        await Screenshots.SaveAsync(shop.Page, "widget-typo");

        await suggestion.ClickAsync();

        await Assertions.Expect(shop.Email).ToHaveValueAsync("alice@gmail.com");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "ok", Patient);
        await Assertions.Expect(shop.Message).ToBeHiddenAsync();
        await Assertions.Expect(shop.Email).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(shop.Email).ToBeFocusedAsync();
        var confirmed = await WidgetFixture.ConfirmAsync(fixture.Api, await shop.TokenAsync(), "alice@gmail.com");
        Assert.Equal("deliverable", confirmed.GetProperty("verdict").GetString());
        await Screenshots.SaveAsync(shop.Page, "widget-typo-fixed");
        await shop.AssertCleanAsync();

        await shop.SubmitAsync();
        var posted = Assert.Single(shop.Submissions);
        Assert.Contains("email=alice%40gmail.com", posted, StringComparison.Ordinal);
        Assert.Contains("verifier_token=v1.", posted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_suggestion_is_reachable_and_applied_with_the_keyboard()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api);

        await shop.TypeAndLeaveAsync("carol@gmial.com");
        var suggestion = shop.Page.Locator("button.verifier-suggestion");
        await Assertions.Expect(suggestion).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // From the field, Tab reaches the suggestion (it follows the field in the document), Enter applies it.
        await shop.Email.FocusAsync();
        await shop.Page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(suggestion).ToBeFocusedAsync();
        await shop.Page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(shop.Email).ToHaveValueAsync("carol@gmail.com");
        await shop.AssertCleanAsync();
    }

    [Fact]
    public async Task An_undeliverable_address_is_flagged_accessibly_and_by_default_the_form_still_submits()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api);

        await shop.TypeAndLeaveAsync("bob@ok.test");

        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("aria-invalid", "true", Patient);
        await Assertions.Expect(shop.Message).ToHaveTextAsync("This email address does not exist.");
        var messageId = await shop.Message.GetAttributeAsync("id");
        Assert.Equal("polite", await shop.Message.GetAttributeAsync("aria-live"));
        var describedBy = (await shop.Email.GetAttributeAsync("aria-describedby"))!.Split(' ');
        Assert.Equal(["email-hint", messageId!], describedBy);
        Assert.Equal("invalid", await shop.Email.GetAttributeAsync("data-verifier-state"));
        Assert.Equal("rgb(179, 38, 30)", await shop.Message.EvaluateAsync<string>("m => getComputedStyle(m).color"));
        await Screenshots.SaveAsync(shop.Page, "widget-undeliverable");
        await shop.AssertCleanAsync();

        // Fixing the address clears the flag and the description at once.
        await shop.Email.FillAsync("alice@ok.test");
        await Assertions.Expect(shop.Email).Not.ToHaveAttributeAsync("aria-invalid", "true");
        Assert.Equal("email-hint", await shop.Email.GetAttributeAsync("aria-describedby"));
        await shop.Email.FillAsync("bob@ok.test");
        await shop.Email.PressAsync("Tab");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("aria-invalid", "true", Patient);

        await shop.SubmitAsync();
        Assert.Contains("email=bob%40ok.test", Assert.Single(shop.Submissions), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_site_may_block_undeliverable_addresses_with_or_without_the_browsers_validation(bool novalidate)
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api, "data-undeliverable=\"block\"", novalidate);

        await shop.TypeAndLeaveAsync("bob@ok.test");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("aria-invalid", "true", Patient);
        await shop.Page.GetByRole(AriaRole.Button, new() { Name = "Sign up" }).ClickAsync();
        await shop.Page.WaitForTimeoutAsync(300);

        Assert.Empty(shop.Submissions);
        Assert.Equal("This email address does not exist.", await shop.Email.EvaluateAsync<string>("e => e.validationMessage"));
        await Assertions.Expect(shop.Email).ToBeFocusedAsync();

        await shop.TypeAndLeaveAsync("alice@ok.test");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "ok", Patient);
        await shop.SubmitAsync();
        Assert.Single(shop.Submissions);
    }

    [Fact]
    public async Task Disposable_and_role_addresses_follow_the_sites_policy()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api, "data-disposable=\"block\" data-role=\"warn\" data-msg-role=\"Une adresse personnelle, s'il vous plaît.\"");

        await shop.TypeAndLeaveAsync("someone@mailinator.com");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("aria-invalid", "true", Patient);
        await Assertions.Expect(shop.Message).ToHaveTextAsync("Disposable email addresses are not accepted.");

        await shop.TypeAndLeaveAsync("info@ok.test");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "warning", Patient);
        await Assertions.Expect(shop.Message).ToHaveTextAsync("Une adresse personnelle, s'il vous plaît.");
        await Assertions.Expect(shop.Email).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await shop.AssertCleanAsync();
        await shop.SubmitAsync();
    }

    [Fact]
    public async Task A_deliverable_address_shows_nothing_one_request_is_made_per_address_and_answers_are_kept()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api);

        // Typing: the check starts after a pause once the domain looks complete, not on every key.
        await shop.Email.PressSequentiallyAsync("alice@ok.test", new() { Delay = 20 });
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "ok", Patient);
        await shop.Email.PressAsync("Tab");                     // leaving the field asks nothing new
        await shop.Email.FillAsync("bob@ok.test");
        await shop.Email.PressAsync("Tab");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "invalid", Patient);
        await shop.Email.FillAsync("alice@ok.test");            // back to an address already answered
        await shop.Email.PressAsync("Tab");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "ok", Patient);

        await Assertions.Expect(shop.Message).ToBeHiddenAsync();
        Assert.Equal(
            ["alice@ok.test", "bob@ok.test"],
            shop.VerifyRequests.Select(u => Uri.UnescapeDataString(new Uri(u).Query.Split('&')[0].Split('=')[1])));
        Assert.False(string.IsNullOrEmpty(await shop.TokenAsync()));
        await shop.AssertCleanAsync();
    }

    [Fact]
    public async Task Editing_after_a_check_cancels_the_stale_request_and_drops_the_token()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api, "data-timeout=\"4000\"");

        // silent.test's mail server never answers: its check is still running when the person edits the field.
        await shop.TypeAndLeaveAsync("slowpoke@silent.test");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "checking");
        await shop.TypeAndLeaveAsync("alice@ok.test");
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "ok", Patient);
        var token = await shop.TokenAsync();
        await shop.Email.FillAsync("alice2@ok.test");

        Assert.Contains(shop.Failed, url => url.Contains("silent.test", StringComparison.Ordinal));
        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(string.Empty, await shop.TokenAsync());
        await shop.AssertCleanAsync();
    }

    [Fact]
    public async Task An_unknown_answer_leaves_the_form_as_it_was()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api);

        await shop.TypeAndLeaveAsync("erin@ok.test"); // greylisted: unknown

        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "ok", Patient);
        await Assertions.Expect(shop.Message).ToBeHiddenAsync();
        var confirmed = await WidgetFixture.ConfirmAsync(fixture.Api, await shop.TokenAsync(), "erin@ok.test");
        Assert.Equal("unknown", confirmed.GetProperty("verdict").GetString());
        await shop.AssertCleanAsync();
        await shop.SubmitAsync();
    }

    [Fact]
    public async Task A_check_that_runs_out_of_time_on_the_server_leaves_the_form_as_it_was()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api, "data-timeout=\"1000\"");

        await shop.TypeAndLeaveAsync("nobody@silent.test");

        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "ok", Patient);
        await Assertions.Expect(shop.Message).ToBeHiddenAsync();
        await Assertions.Expect(shop.Email).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await shop.AssertCleanAsync();
        await shop.SubmitAsync();
    }

    [Fact]
    public async Task An_api_that_hangs_is_given_up_and_the_form_submits()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api, "data-timeout=\"1000\"", apiAddress: fixture.Hanging);

        await shop.TypeAndLeaveAsync("alice@ok.test");

        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "unavailable", Patient);
        await Assertions.Expect(shop.Message).ToBeHiddenAsync();
        Assert.Equal(string.Empty, await shop.TokenAsync());
        await shop.SubmitAsync();
        Assert.Contains("email=alice%40ok.test", Assert.Single(shop.Submissions), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_api_that_is_down_leaves_the_form_submittable()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api, apiAddress: fixture.Down);

        await shop.TypeAndLeaveAsync("bob@ok.test");

        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "unavailable", Patient);
        await Assertions.Expect(shop.Email).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await Screenshots.SaveAsync(shop.Page, "widget-api-down");
        await shop.SubmitAsync();
        Assert.Single(shop.Submissions);
    }

    [Fact]
    public async Task A_429_leaves_the_form_submittable_and_the_widget_waits_as_told()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Limited);

        await shop.TypeAndLeaveAsync("alice@ok.test"); // the minute's one request
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "ok", Patient);
        await shop.TypeAndLeaveAsync("bob@ok.test");   // 429
        await Assertions.Expect(shop.Email).ToHaveAttributeAsync("data-verifier-state", "unavailable", Patient);
        await Assertions.Expect(shop.Message).ToBeHiddenAsync();
        await Assertions.Expect(shop.Email).Not.ToHaveAttributeAsync("aria-invalid", "true");
        await shop.TypeAndLeaveAsync("carol@ok.test"); // within Retry-After: not even asked
        await shop.TypeAndLeaveAsync("bob@ok.test");

        await Assertions.Expect(shop.Message).ToBeHiddenAsync();
        Assert.Equal(2, shop.VerifyRequests.Count);
        await shop.SubmitAsync();
        Assert.Contains("email=bob%40ok.test", Assert.Single(shop.Submissions), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verifier_attach_works_by_hand_with_messages_in_another_language()
    {
        await using var shop = await fixture.OpenShopAsync(fixture.Api, "data-auto=\"false\"");
        Assert.False(await shop.Page.EvaluateAsync<bool>("() => !!document.getElementById('email').verifierField"));

        await shop.Page.EvaluateAsync(
            "() => Verifier.attach(document.getElementById('email'), { messages: { undeliverable: 'Cette adresse n\\u2019existe pas.' } })");
        await shop.TypeAndLeaveAsync("bob@ok.test");

        await Assertions.Expect(shop.Message).ToHaveTextAsync("Cette adresse n\u2019existe pas.", new() { Timeout = 15_000 });
        await shop.AssertCleanAsync();
    }
}
