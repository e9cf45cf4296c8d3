using Vpp.Application;
using Vpp.Infrastructure;

namespace Vpp.Ingestion;

/// <summary>
/// The ingestion custom handler: an ASP.NET Core app the Functions host calls on FUNCTIONS_CUSTOMHANDLER_PORT with
/// each Event Hubs batch. It has no public surface: the one endpoint answers the host alone.
/// </summary>
public static class IngestionApp
{
    /// <summary>Builds the handler. <paramref name="configure"/> lets a host (tests) add settings and replace services.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"] ?? "7072";
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.Services.AddVppInfrastructure(builder.Configuration);
        builder.Services.AddVppApplication();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/", () => Results.Text("ready")).AllowAnonymous();
        app.MapTelemetryIngest();
        return app;
    }
}
