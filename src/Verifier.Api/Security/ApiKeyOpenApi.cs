using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Verifier.Api.Security;

/// <summary>
/// Describes the keys in the OpenAPI document: the <c>X-Api-Key</c> header scheme on every <c>/v1</c> operation,
/// the <c>?key=</c> alternative for publishable keys on <c>GET /v1/verify</c>, and the 401 and 429 answers.
/// </summary>
internal static class ApiKeyOpenApi
{
    public const string HeaderScheme = "ApiKey";
    public const string QueryScheme = "PublishableKey";

    public static void AddApiKeySecurity(this SwaggerGenOptions options)
    {
        options.AddSecurityDefinition(HeaderScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyMiddleware.HeaderName,
            Description = "A secret key, or a publishable key (GET /v1/verify only, from its configured browser origins). Not needed when the server has no key configured.",
        });
        options.AddSecurityDefinition(QueryScheme, new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Query,
            Name = ApiKeyMiddleware.QueryName,
            Description = "A publishable key in the query string (GET /v1/verify only). Secret keys are refused here.",
        });
        options.OperationFilter<ApiKeyOperationFilter>();
    }

    private sealed class ApiKeyOperationFilter : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var path = "/" + (context.ApiDescription.RelativePath ?? string.Empty).Split('?')[0];
            if (!ApiPaths.IsApi(new PathString(path)))
            {
                return;
            }

            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(HeaderScheme, context.Document)] = [] });
            if (ApiPaths.IsVerify(new PathString(path)) && string.Equals(context.ApiDescription.HttpMethod, HttpMethods.Get, StringComparison.OrdinalIgnoreCase))
            {
                operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(QueryScheme, context.Document)] = [] });
            }

            operation.Responses ??= [];
            AddProblem(operation, context, StatusCodes.Status401Unauthorized, "No API key, or not a valid one.");
            AddProblem(operation, context, StatusCodes.Status403Forbidden, "A publishable key used outside GET /v1/verify or its origins.");
            if (operation.RequestBody is not null)
            {
                AddProblem(operation, context, StatusCodes.Status413PayloadTooLarge, "The request body is larger than this endpoint accepts.");
            }

            AddProblem(operation, context, StatusCodes.Status429TooManyRequests, "The caller's rate limit is spent; see Retry-After.");
        }

        private static void AddProblem(OpenApiOperation operation, OperationFilterContext context, int status, string description)
        {
            var key = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses!.ContainsKey(key))
            {
                return;
            }

            operation.Responses[key] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, IOpenApiMediaType>
                {
                    ["application/problem+json"] = new OpenApiMediaType { Schema = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository) },
                },
            };
        }
    }
}
