using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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
            // A function that throws answers a 500 problem (logged, its message not shown), not an empty body.
            api.UseExceptionHandler();
            api.Use(RefuseAmbiguousPaths);
            api.UseStatusCodePages();
        });
        app.UseRouting();
        ((IEndpointRouteBuilder)app).DataSources.Add(new FunctionEndpointDataSource(app.Services, FunctionCatalog.Instance));
        return app;
    }

    /// <summary>
    /// A path segment that is or decodes to a dot segment, or holds a separator once decoded (<c>%2e%2e</c>, double encoding:
    /// <c>%252e%252e</c>, <c>%252F</c>) is refused before routing: what a client encoded reaches a route as data or not at all.
    /// The segments are read from the request line as sent: the server has already decoded <c>%2e</c> and removed the dot
    /// segments from the path it routes, which would send <c>events/%2e%2e</c> to the program.
    /// </summary>
    private static async Task RefuseAmbiguousPaths(HttpContext context, RequestDelegate next)
    {
        var sent = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } target && target[0] == '/' ? target.Split('?', 2)[0] : context.Request.Path.Value!;
        var segments = sent.TrimStart('/').Split('/');
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
        var once = Uri.UnescapeDataString(segment);
        var twice = Uri.UnescapeDataString(once);
        return once is "." or ".." || twice is "." or ".." || twice.IndexOfAny(['/', '\\', '?', '#']) >= 0;
    }
}
