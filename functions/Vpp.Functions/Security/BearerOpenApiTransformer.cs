using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Vpp.Functions.Security;

/// <summary>
/// Tells API clients how to authenticate: the document declares the bearer scheme, and every operation that requires
/// authorization names it, the roles that may call it (<c>x-roles</c>, and a line of its description) and the 401 and
/// 403 it can answer, so generated clients send the token and expect refusals.
/// </summary>
public sealed class BearerOpenApiTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeId = "bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "An Entra ID access token for this API (or, locally, `dotnet run --project functions/Vpp.LocalHost -- token --role <role>`). Roles: program-manager, finance, customer, device-admin.",
        };
        return Task.CompletedTask;
    }

    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAuthorizeData>().Any() || metadata.OfType<IAllowAnonymous>().Any())
        {
            return;
        }

        var policies = context.ApplicationServices.GetRequiredService<IAuthorizationPolicyProvider>();
        var roles = new List<string>();
        foreach (var name in metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>())
        {
            if (await policies.GetPolicyAsync(name) is { } policy)
            {
                roles.AddRange(policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles));
            }
        }

        if (roles.Count > 0)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-roles"] = new JsonNodeExtension(new JsonArray([.. roles.Distinct().Select(r => (JsonNode)r!)]));
            operation.Description = $"{operation.Description}{(string.IsNullOrEmpty(operation.Description) ? "" : "\n\n")}Roles: {string.Join(", ", roles.Distinct())}.";
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = [] });
        operation.Responses ??= [];
        operation.Responses.TryAdd("401", new OpenApiResponse { Description = "No valid bearer token." });
        operation.Responses.TryAdd("403", new OpenApiResponse { Description = "The token's roles do not allow this operation." });
    }
}
