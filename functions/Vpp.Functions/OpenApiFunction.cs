using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace Vpp.Functions;

/// <summary>The API's OpenAPI document, generated from the HTTP functions' attributes (<see cref="Hosting.FunctionEndpointDataSource"/>).</summary>
public sealed class OpenApiFunction(IServiceProvider services)
{
    [Function("OpenApiDocument")]
    [AllowAnonymous]
    [ExcludeFromDescription]
    public async Task<IResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{documentName}.json")] HttpRequest request, string documentName, CancellationToken cancellationToken)
    {
        if (services.GetKeyedService<IOpenApiDocumentProvider>(documentName) is not { } provider)
        {
            return Problems.NotFound($"no OpenAPI document '{documentName}'");
        }

        var document = await provider.GetOpenApiDocumentAsync(cancellationToken);
        return Results.Text(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, cancellationToken), "application/json; charset=utf-8");
    }
}
