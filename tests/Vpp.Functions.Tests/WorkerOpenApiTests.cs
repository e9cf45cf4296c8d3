using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.OpenApi;
using Vpp.Functions.Hosting;

namespace Vpp.Functions.Tests;

/// <summary>
/// The OpenAPI document as the worker generates it in Azure: from the functions' attributes alone, with no local
/// host's services (no Durable Task client in the container: the worker binds it per invocation).
/// </summary>
public sealed class WorkerOpenApiTests
{
    [Fact]
    public async Task The_worker_describes_every_http_function_from_its_attributes_without_the_local_hosts_services()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["Auth:SigningKey"] = Convert.ToBase64String(new byte[32]),
        }).Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton<IHostEnvironment>(new HostingEnvironment { ApplicationName = "Vpp.Functions", EnvironmentName = "Production" })
            .AddVppFunctions(configuration)
            .AddVppFunctionDescriptions();
        await using var provider = services.BuildServiceProvider();

        var document = await provider.GetRequiredKeyedService<IOpenApiDocumentProvider>("v1").GetOpenApiDocumentAsync();

        var operations = document.Paths.SelectMany(p => p.Value.Operations!.Select(o => (Path: p.Key, o.Value))).ToList();
        var described = operations.Select(o => o.Value.OperationId).Order().ToList();
        Assert.Equal(FunctionCatalog.Instance.Http.Select(f => f.Function.Name).Where(n => n != "OpenApiDocument").Order(), described);
        Assert.Null(operations.Single(o => o.Value.OperationId == "GetDurableProbe").Value.RequestBody);
        Assert.Equal("OptOutRequest", Assert.Single(operations.Single(o => o.Value.OperationId == "PostOptOut").Value.RequestBody!.Content!).Value.Schema is { } schema
            ? (schema as OpenApiSchemaReference)?.Reference.Id : null);
    }
}
