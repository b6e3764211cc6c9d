using Microsoft.OpenApi;

namespace Verifier.Api.OpenApi;

/// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and Swagger UI at <c>/swagger</c>. <c>openapi/openapi.json</c> in the repository is the same document.</summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "v1";

    /// <summary>The repository grants no licence, so the API is offered under none: all rights reserved.</summary>
    public const string LicenseName = "Proprietary (all rights reserved)";

    public static IServiceCollection AddVerifierOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Verifier",
                Version = "v1",
                Description = "Email-list verification: syntax, DNS and an SMTP RCPT probe (no mail is sent), with the SMTP reply a real send would most likely get.",
                License = new OpenApiLicense { Name = LicenseName },
            });

            // The document is served by the instance it describes: its operations are on the same origin.
            options.AddServer(new OpenApiServer { Url = "/", Description = "The Verifier instance serving this document" });
            options.DocumentFilter<OpenApiTags>();
            Verifier.Api.Security.ApiKeyOpenApi.AddApiKeySecurity(options);
            var xml = Path.Combine(AppContext.BaseDirectory, "Verifier.Api.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }

            var coreXml = Path.Combine(AppContext.BaseDirectory, "Verifier.Core.xml");
            if (File.Exists(coreXml))
            {
                options.IncludeXmlComments(coreXml);
            }
        });
        return services;
    }

    public static WebApplication UseVerifierOpenApi(this WebApplication app)
    {
        app.UseSwagger(options => options.RouteTemplate = "openapi/{documentName}.json");
        app.UseSwaggerUI(options =>
        {
            options.RoutePrefix = "swagger";
            options.SwaggerEndpoint($"/openapi/{DocumentName}.json", "Verifier v1");
        });
        return app;
    }
}
