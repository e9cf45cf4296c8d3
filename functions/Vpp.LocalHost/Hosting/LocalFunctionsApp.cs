using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Functions;
using Vpp.Functions.Hosting;

namespace Vpp.LocalHost.Hosting;

/// <summary>
/// The main app's HTTP functions served in-process, without a Functions host: each <c>[HttpTrigger]</c> function is an
/// endpoint at <c>/api/{route}</c> (<see cref="FunctionEndpointDataSource"/>), over the same services the worker
/// registers. The local stack and the API tests run on it.
/// </summary>
public static class LocalFunctionsApp
{
    /// <param name="configure">Settings and services the app's registrations build on (storage, clock, durable stack).</param>
    /// <param name="overrides">Registrations that replace the app's own (a benchmark's instrumented store).</param>
    public static WebApplication Build(Action<WebApplicationBuilder> configure, Action<IServiceCollection>? overrides = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        configure(builder);
        builder.Services.AddVppFunctions(builder.Configuration);
        overrides?.Invoke(builder.Services);

        // Each function endpoint authorizes its own call (FunctionAuthorization), as the worker's middleware does in Azure.
        builder.Services.Configure<RouteOptions>(o => o.SuppressCheckForUnhandledSecurityMetadata = true);
        builder.Services.AddSingleton(services => new Triggers.FunctionInvoker(services, FunctionCatalog.Instance));

        var app = builder.Build();
        app.UseWhen(context => context.Request.Path.StartsWithSegments("/" + FunctionEndpointDataSource.RoutePrefix), api =>
        {
            api.Use(RefuseAmbiguousPaths);
            api.UseStatusCodePages();
        });
        app.UseRouting();
        ((IEndpointRouteBuilder)app).DataSources.Add(new FunctionEndpointDataSource(app.Services, FunctionCatalog.Instance));
        return app;
    }

    /// <summary>
    /// A path segment that, decoded once more, would be a dot segment or hold a separator (double encoding:
    /// <c>%252e%252e</c>, <c>%252F</c>) is refused before routing: what a client encoded reaches a route as data or not at all.
    /// </summary>
    private static async Task RefuseAmbiguousPaths(HttpContext context, RequestDelegate next)
    {
        var segments = context.Request.Path.Value!.TrimStart('/').Split('/');
        if (!segments.Any(IsSuspicious))
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        await context.Response.WriteAsJsonAsync(
            new { type = "https://tools.ietf.org/html/rfc9110#section-15.5.1", title = "Bad request path", status = 400, detail = "path segments may not encode '/', '\\', '?', '#' or '.' and '..' segments" },
            (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
    }

    private static bool IsSuspicious(string segment)
    {
        var decoded = Uri.UnescapeDataString(segment);
        return decoded is "." or ".." || decoded.IndexOfAny(['/', '\\', '?', '#']) >= 0;
    }
}
