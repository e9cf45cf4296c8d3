using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Tests;

/// <summary>
/// A one-function app on disk (host.json and the function's function.json) and a custom handler on a free loopback port
/// that answers the function with <c>handle</c>, for driving one trigger driver against it.
/// </summary>
public sealed class FunctionAppRig : IAsyncDisposable
{
    private readonly WebApplication handler;
    private readonly HttpClient http = new();

    private FunctionAppRig(WebApplication handler, string appRoot, int port)
    {
        this.handler = handler;
        Catalog = FunctionCatalog.Load(appRoot);
        Invoker = new HandlerInvoker(http, new Uri($"http://127.0.0.1:{port}/"), TimeProvider.System);
    }

    public FunctionCatalog Catalog { get; }

    public FunctionDefinition Function => Catalog.Functions.Single();

    public HandlerInvoker Invoker { get; }

    public static async Task<FunctionAppRig> StartAsync(string hostJson, string functionName, string functionJson, Func<JsonNode, Task<IResult>> handle)
    {
        var appRoot = Directory.CreateTempSubdirectory("functionapp-").FullName;
        await File.WriteAllTextAsync(Path.Combine(appRoot, "host.json"), hostJson);
        Directory.CreateDirectory(Path.Combine(appRoot, functionName));
        await File.WriteAllTextAsync(Path.Combine(appRoot, functionName, "function.json"), functionJson);

        var port = AzuriteProcess.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var handler = builder.Build();
        handler.MapPost("/" + functionName, async (HttpRequest request) => await handle((await JsonNode.ParseAsync(request.Body))!));
        await handler.StartAsync();
        return new FunctionAppRig(handler, appRoot, port);
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await handler.DisposeAsync();
    }
}
