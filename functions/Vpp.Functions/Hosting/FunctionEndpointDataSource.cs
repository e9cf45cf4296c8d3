using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;
using Vpp.Functions.Security;

namespace Vpp.Functions.Hosting;

/// <summary>
/// The HTTP functions as ASP.NET Core endpoints: <c>/api/{route}</c> with the trigger's verbs, the method's
/// attributes as metadata (roles, summary, responses: what the OpenAPI document is generated from), parameters bound
/// as the worker binds them (route values by name, the request, the cancellation token; an input binding such as
/// <c>[DurableClient]</c> also carries <c>[FromServices]</c>, so a host serving the functions provides it as a service
/// and the document never mistakes it for a body), and each call authorized by <see cref="FunctionAuthorization"/> first. The local host serves these; in Azure they only describe the API, the
/// Functions host routes the calls.
/// </summary>
public sealed class FunctionEndpointDataSource(IServiceProvider services, FunctionCatalog catalog) : EndpointDataSource
{
    public const string RoutePrefix = "api";

    private IReadOnlyList<Endpoint>? endpoints;

    public override IReadOnlyList<Endpoint> Endpoints => endpoints ??= [.. catalog.Http.Select(f => Build(f.Function, f.Trigger))];

    public override IChangeToken GetChangeToken() => NullChangeToken.Singleton;

    private RouteEndpoint Build(FunctionEntry function, Microsoft.Azure.Functions.Worker.HttpTriggerAttribute trigger)
    {
        var pattern = RoutePatternFactory.Parse($"/{RoutePrefix}/{trigger.Route ?? function.Name}");
        var verbs = (trigger.Methods ?? ["get", "post", "put", "patch", "delete"]).Select(m => m.ToUpperInvariant()).ToArray();
        var builder = new RouteEndpointBuilder(null, pattern, order: 0) { DisplayName = function.Name, ApplicationServices = services };
        var options = new RequestDelegateFactoryOptions
        {
            ServiceProvider = services,
            RouteParameterNames = [.. pattern.Parameters.Select(p => p.Name)],
            EndpointBuilder = builder,
        };
        var inferred = RequestDelegateFactory.InferMetadata(function.Method, options);
        var type = function.Method.DeclaringType!;
        var invoke = RequestDelegateFactory.Create(
            function.Method, function.Method.IsStatic ? null : context => ActivatorUtilities.CreateInstance(context.RequestServices, type), options, inferred).RequestDelegate;

        builder.RequestDelegate = async context =>
        {
            if (await context.RequestServices.GetRequiredService<FunctionAuthorization>().AuthorizeAsync(context, function.Method))
            {
                await invoke(context);
            }
        };
        builder.Metadata.Add(function.Method);
        builder.Metadata.Add(new HttpMethodMetadata(verbs));
        builder.Metadata.Add(new EndpointNameMetadata(function.Name));
        foreach (var attribute in type.GetCustomAttributes(inherit: true).Concat(function.Method.GetCustomAttributes(inherit: true)))
        {
            builder.Metadata.Add(attribute);
        }

        return (RouteEndpoint)builder.Build();
    }
}
