using Verifier.Api.Health;
using Verifier.Api.Infrastructure;
using Verifier.Api.OpenApi;
using Verifier.Api.Problems;
using Verifier.Api.Verification;

var builder = WebApplication.CreateBuilder(args);

builder.AddVerifierOptions();
builder.Services.AddVerifierEngine();
builder.Services.AddVerifierProblemDetails();
builder.Services.AddVerifierJson();
builder.Services.AddVerifierOpenApi();
builder.Services.AddVerifierHealthChecks(builder.Configuration);
builder.AddVerifierJobs();

var app = builder.Build();

app.UseVerifierProblemDetails();
app.UseVerifierOpenApi();

app.MapHealth();
app.MapVerification();
Verifier.Api.Jobs.JobsApi.MapJobs(app);

app.Run();

/// <summary>The application's entry point; public so the test host can start it.</summary>
public partial class Program;
