using Verifier.Api.Bounces;
using Verifier.Api.Demo;
using Verifier.Api.Domains;
using Verifier.Api.Health;
using Verifier.Api.Infrastructure;
using Verifier.Api.Jobs;
using Verifier.Api.OpenApi;
using Verifier.Api.Operations;
using Verifier.Api.Problems;
using Verifier.Api.Security;
using Verifier.Api.SmtpCodes;
using Verifier.Api.Startup;
using Verifier.Api.Tokens;
using Verifier.Api.Verification;

var builder = WebApplication.CreateBuilder(ContentRoot.For(args));

builder.AddVerifierStartupChecks();
builder.AddVerifierOptions();
builder.AddVerifierLogging();
builder.AddVerifierTelemetry();
builder.Services.AddVerifierEngine();
builder.Services.AddVerifierCache();
builder.Services.AddVerifierDomains();
builder.Services.AddVerifierProblemDetails();
builder.Services.AddVerifierJson();
builder.Services.AddVerifierOpenApi();
builder.Services.AddVerifierHealthChecks();
builder.Services.AddVerifierSecurity();
builder.Services.AddVerifierRedis(builder.Configuration);
builder.AddVerifierJobs();
builder.Services.AddVerifierTokens();
builder.AddVerifierSignupForms();

var app = builder.Build();
if (StartupChecks.Problems(app) is { Count: > 0 } problems)
{
    return StartupChecks.Refuse(problems);
}

app.UseVerifierProblemDetails();
app.UseVerifierOpenApi();
app.UseVerifierWebPage();
app.UseVerifierSecurity();

app.MapVerifierMetrics();
app.MapHealth();
app.MapVerification();
app.MapSmtpCodes();
app.MapBounces();
app.MapDomains();
app.MapJobs();
app.MapTokens();
app.MapVerifierSignupForms();

return await StartupChecks.RunAsync(app);

/// <summary>The application's entry point; public so the test host can start it.</summary>
public partial class Program;
