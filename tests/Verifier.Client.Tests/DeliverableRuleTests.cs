using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using FluentValidation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Verifier.Client.FluentValidation;
using Verifier.Client.Tests.Infrastructure;

namespace Verifier.Client.Tests;

/// <summary>
/// The FluentValidation rule in a minimal ASP.NET Core backend (a signup endpoint validating its form), whose
/// <see cref="IVerifierClient"/> talks to the real API in process, or to nothing at all for the fail-open cases.
/// </summary>
[Collection(AgainstTheApi.Name)]
public sealed class DeliverableRuleTests(ClientWorld world)
{
    public sealed record SignupForm(string? Email, string? VerifierToken);

    [Theory]
    [InlineData("alice@ok.test", HttpStatusCode.OK)]              // deliverable
    [InlineData("bob@ok.test", HttpStatusCode.BadRequest)]        // mailbox not found
    [InlineData("x@nowhere.test", HttpStatusCode.BadRequest)]     // no such domain
    [InlineData("erin@ok.test", HttpStatusCode.OK)]               // greylisted: unknown passes (fail open)
    [InlineData("someone@mailinator.com", HttpStatusCode.BadRequest)] // disposable, refused by default
    [InlineData("info@ok.test", HttpStatusCode.OK)]               // role, accepted by default
    public async Task Deliverable_verifies_and_applies_the_default_policy(string email, HttpStatusCode expected)
    {
        await using var backend = await Backend.StartAsync(world, (rule, client) => rule.Deliverable(client));

        using var response = await backend.SignUpAsync(email, null);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            var problem = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            Assert.Contains("is not an address we can accept", problem.GetProperty("errors").GetProperty("Email")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_policy_decides_what_passes()
    {
        var strict = new AcceptancePolicy { AcceptRole = false, AcceptUnknown = false, AcceptDisposable = true };
        await using var backend = await Backend.StartAsync(world, (rule, client) => rule.Deliverable(client, strict));

        using var role = await backend.SignUpAsync("info@ok.test", null);
        using var unknown = await backend.SignUpAsync("erin@ok.test", null);
        using var disposable = await backend.SignUpAsync("someone@mailinator.com", null);

        Assert.Equal(HttpStatusCode.BadRequest, role.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, disposable.StatusCode);
    }

    [Fact]
    public async Task A_valid_token_is_confirmed_without_verifying_again()
    {
        await using var backend = await Backend.StartAsync(world, (rule, client) => rule.DeliverableByToken(client, f => f.VerifierToken));
        var good = await world.TokenForAsync("alice@ok.test");
        var bad = await world.TokenForAsync("bob@ok.test");

        using var accepted = await backend.SignUpAsync("alice@ok.test", good);
        using var refused = await backend.SignUpAsync("bob@ok.test", bad);

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["POST /v1/tokens/confirm", "POST /v1/tokens/confirm"], backend.Sent);
    }

    [Fact]
    public async Task A_token_for_another_address_or_none_is_replaced_by_a_verification_and_an_altered_one_fails()
    {
        await using var backend = await Backend.StartAsync(world, (rule, client) => rule.DeliverableByToken(client, f => f.VerifierToken));
        var aliceToken = await world.TokenForAsync("alice@ok.test");
        var parts = aliceToken.Split('.');
        var forged = parts[0] + "." + parts[1] + "." + new string('A', parts[2].Length);

        using var edited = await backend.SignUpAsync("bob@ok.test", aliceToken);   // the person changed the field after the check
        using var missing = await backend.SignUpAsync("alice@ok.test", null);      // the widget had no answer in time
        using var altered = await backend.SignUpAsync("alice@ok.test", forged);

        Assert.Equal(HttpStatusCode.BadRequest, edited.StatusCode);  // bob was verified: he does not exist
        Assert.Equal(HttpStatusCode.OK, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, altered.StatusCode);
        Assert.Equal(
            ["POST /v1/tokens/confirm", "POST /v1/verify", "POST /v1/verify", "POST /v1/tokens/confirm"],
            backend.Sent);
    }

    [Theory]
    [InlineData(true, HttpStatusCode.OK)]
    [InlineData(false, HttpStatusCode.BadRequest)]
    public async Task When_the_api_cannot_be_reached_the_form_passes_unless_the_policy_says_otherwise(bool acceptWhenUnavailable, HttpStatusCode expected)
    {
        var policy = new AcceptancePolicy { AcceptWhenUnavailable = acceptWhenUnavailable };
        await using var backend = await Backend.StartAsync(world, (rule, client) => rule.DeliverableByToken(client, f => f.VerifierToken, policy), apiDown: true);

        using var response = await backend.SignUpAsync("alice@ok.test", "v1.e30.AAAA");

        Assert.Equal(expected, response.StatusCode);
    }

    [Fact]
    public async Task The_rules_fit_properties_declared_non_nullable_too()
    {
        using var services = world.Services();
        var verifier = services.GetRequiredService<IVerifierClient>();
        var validator = new InlineValidator<StrictForm>();
        validator.RuleFor(f => f.Email).Deliverable(verifier);
        validator.RuleFor(f => f.Email).DeliverableByToken(verifier, f => f.Token);

        var result = await validator.ValidateAsync(new StrictForm("bob@ok.test", string.Empty));

        Assert.Equal(2, result.Errors.Count);
        Assert.All(result.Errors, e => Assert.Equal("'Email' is not an address we can accept (mailbox_not_found).", e.ErrorMessage));
    }

    public sealed record StrictForm(string Email, string Token);

    /// <summary>A signup backend: POST /signup validates the form with the rule under test, 200 or a validation problem.</summary>
    private sealed class Backend : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly HttpClient _http;
        private readonly RequestCounter _counter;

        private Backend(WebApplication app, RequestCounter counter)
        {
            _app = app;
            _counter = counter;
            _http = app.GetTestClient();
        }

        public IReadOnlyList<string> Sent => _counter.Sent;

        public static async Task<Backend> StartAsync(ClientWorld world, Action<IRuleBuilder<SignupForm, string?>, IVerifierClient> rule, bool apiDown = false)
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseTestServer();
            var counter = new RequestCounter();
            var client = builder.Services.AddVerifierClient(options =>
            {
                options.BaseAddress = apiDown ? new Uri($"http://127.0.0.1:{ClosedPort()}/") : world.Api.Server.BaseAddress;
                options.ApiKey = ClientWorld.SecretKey;
                options.MaxRetries = 0;
            });
            client.AddHttpMessageHandler(() => counter);
            if (!apiDown)
            {
                client.ConfigurePrimaryHttpMessageHandler(() => world.Api.Server.CreateHandler());
            }

            builder.Services.AddSingleton<IValidator<SignupForm>>(provider => new SignupValidator(provider.GetRequiredService<IVerifierClient>(), rule));
            var app = builder.Build();
            app.MapPost("/signup", async (SignupForm form, IValidator<SignupForm> validator, CancellationToken cancellationToken) =>
            {
                var result = await validator.ValidateAsync(form, cancellationToken);
                return result.IsValid ? Results.Ok() : Results.ValidationProblem(result.ToDictionary());
            });
            await app.StartAsync();
            return new Backend(app, counter);
        }

        public Task<HttpResponseMessage> SignUpAsync(string email, string? token) =>
            _http.PostAsJsonAsync("/signup", new SignupForm(email, token));

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            await _app.DisposeAsync();
        }

        /// <summary>A loopback port nothing listens on: taken, then released.</summary>
        private static int ClosedPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }

    private sealed class SignupValidator : AbstractValidator<SignupForm>
    {
        public SignupValidator(IVerifierClient verifier, Action<IRuleBuilder<SignupForm, string?>, IVerifierClient> rule)
        {
            rule(RuleFor(f => f.Email).NotEmpty(), verifier);
        }
    }
}
