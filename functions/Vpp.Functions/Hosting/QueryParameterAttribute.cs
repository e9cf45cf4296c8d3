namespace Vpp.Functions.Hosting;

/// <summary>
/// A query parameter an HTTP function reads from its request. The worker binds only route values to parameters, so
/// functions read the query themselves; this names each one for the OpenAPI document.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
public sealed class QueryParameterAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;
}
