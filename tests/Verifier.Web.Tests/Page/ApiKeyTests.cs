using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using Verifier.Web.Tests.Infrastructure;

namespace Verifier.Web.Tests.Page;

/// <summary>Against an API that requires a key: the page asks for it on 401, keeps it for the tab and sends it in X-Api-Key.</summary>
[Collection(WebPageTests.Name)]
public sealed class ApiKeyTests(WebFixture fixture)
{
    private static readonly LocatorAssertionsToHaveTextOptions Patient = new() { Timeout = 15_000 };

    [Fact]
    public async Task A_401_asks_for_the_key_a_wrong_key_is_asked_again_and_the_right_one_is_kept_for_the_tab()
    {
        await using var session = await fixture.OpenKeyedAsync();
        var page = session.Page;
        var keysInUrls = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("key=", StringComparison.OrdinalIgnoreCase))
            {
                keysInUrls.Add(request.Url);
            }
        };
        await page.GotoAsync("/");
        await Assertions.Expect(page.Locator("#key-panel")).ToBeHiddenAsync();

        await page.GetByLabel("Email address").FillAsync("alice@ok.test");
        await page.GetByLabel("Email address").PressAsync("Enter");

        var keyInput = page.GetByLabel("API key", new() { Exact = true });
        await Assertions.Expect(page.Locator("#key-panel")).ToBeVisibleAsync();
        await Assertions.Expect(keyInput).ToBeFocusedAsync();
        await Screenshots.SaveAsync(page, "key-asked");

        await keyInput.FillAsync("not-the-right-key-0000");
        await keyInput.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#key-message")).ToContainTextAsync("not accepted");
        await Assertions.Expect(page.Locator("#key-panel")).ToBeVisibleAsync();

        await keyInput.FillAsync(WebFixture.ApiKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("Deliverable", Patient);
        await Assertions.Expect(page.Locator("#key-panel")).ToBeHiddenAsync();
        Assert.Equal(WebFixture.ApiKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('verifier.apiKey')"));

        // A reload in the same tab keeps the key: no question asked.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator("#key-status")).ToBeVisibleAsync();
        await page.GetByLabel("Email address").FillAsync("bob@ok.test");
        await page.GetByLabel("Email address").PressAsync("Enter");
        await Assertions.Expect(page.Locator("#verdict")).ToHaveTextAsync("Undeliverable", Patient);
        await Assertions.Expect(page.Locator("#key-panel")).ToBeHiddenAsync();

        // A list: the upload, the progress stream and the download all carry the key in the header.
        var csv = new StringBuilder("email\n");
        for (var i = 1; i <= 12; i++)
        {
            csv.Append(CultureInfo.InvariantCulture, $"person{i}@nowhere.test\n");
        }

        var transfer = await page.EvaluateHandleAsync(
            "text => { const t = new DataTransfer(); t.items.add(new File([text], 'keyed.csv', { type: 'text/csv' })); return t; }",
            csv.ToString());
        await page.DispatchEventAsync("#drop-zone", "drop", new { dataTransfer = transfer });
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify 12 rows" }).ClickAsync();
        await Assertions.Expect(page.Locator("#job-done")).ToBeVisibleAsync(new() { Timeout = 45_000 });
        Assert.Equal("12", await page.Locator("#chart g[data-verdict=undeliverable]").GetAttributeAsync("data-count"));
        var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("[data-download='all']").ClickAsync());
        Assert.Equal("keyed-verified.csv", download.SuggestedFilename);
        Assert.Empty(keysInUrls);
        Assert.Empty(session.Refused);

        // "Forget it" removes the key from the tab.
        await page.GetByRole(AriaRole.Button, new() { Name = "Forget it" }).ClickAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('verifier.apiKey')"));
    }
}
