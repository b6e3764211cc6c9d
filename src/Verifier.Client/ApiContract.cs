namespace Verifier.Client;

/// <summary>The API operation a client method calls (its <c>operationId</c> in the OpenAPI document), with its method and path.</summary>
/// <param name="method">The HTTP method, e.g. <c>GET</c>.</param>
/// <param name="path">The path template, e.g. <c>/v1/jobs/{id}</c>.</param>
/// <param name="operationId">The operation's id in <c>openapi/openapi.json</c>.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ApiOperationAttribute(string method, string path, string operationId) : Attribute
{
    /// <summary>The HTTP method.</summary>
    public string Method { get; } = method;

    /// <summary>The path template.</summary>
    public string Path { get; } = path;

    /// <summary>The operation's id.</summary>
    public string OperationId { get; } = operationId;
}

/// <summary>The schema of the OpenAPI document (<c>components.schemas</c>) a client type mirrors.</summary>
/// <param name="name">The schema's name.</param>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Enum, AllowMultiple = false)]
public sealed class ApiSchemaAttribute(string name) : Attribute
{
    /// <summary>The schema's name.</summary>
    public string Name { get; } = name;
}
