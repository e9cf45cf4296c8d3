using Microsoft.Extensions.Options;
using Vpp.Application;
using Vpp.Functions.Devices;
using Vpp.Functions.Fleet;
using Vpp.Functions.Forecasting;
using Vpp.Functions.Participation;
using Vpp.Functions.Pricing;
using Vpp.Functions.Programs;
using Vpp.Functions.Scheduling;
using Vpp.Functions.Security;
using Vpp.Functions.Telemetry;
using Vpp.Functions.Weather;
using Vpp.Infrastructure;

namespace Vpp.Functions;

/// <summary>
/// The custom handler: an ASP.NET Core app the Functions host calls on FUNCTIONS_CUSTOMHANDLER_PORT.
/// Trigger endpoints are named after their function folders; the API is forwarded under /api.
/// </summary>
public static class HandlerApp
{
    /// <summary>Builds the handler. <paramref name="configure"/> lets a host (the local runner, tests) add settings and replace services.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        var port = builder.Configuration["FUNCTIONS_CUSTOMHANDLER_PORT"] ?? "7072";
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddOptions<JwtSettings>().Bind(builder.Configuration.GetSection("Auth")).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<JwtSettings>, JwtSettingsValidator>();
        builder.Services.TryAddSingletonTimeProvider();
        AddVppServices(builder.Services, builder.Configuration);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseStatusCodePages();
        app.MapGet("/", () => Results.Text("ready")).AllowAnonymous().ExcludeFromDescription();
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.MapTelemetryIngest();
        app.MapFleetSnapshot();
        app.MapProgramApi();
        app.MapDeviceApi();
        app.MapOptOutApi();
        app.MapFleetApi();
        app.MapScheduleOptimize();
        app.MapScheduleApi();
        app.MapForecastRefresh();
        app.MapForecastApi();
        app.MapWeatherApi();
        app.MapPriceApi();
        return app;
    }

    public static void AddVppServices(IServiceCollection services, IConfiguration configuration)
    {
        services.AddProblemDetails();
        services.AddOpenApi(options =>
        {
            var bearer = new BearerOpenApiTransformer();
            options.AddDocumentTransformer(bearer);
            options.AddOperationTransformer(bearer);
        });
        services.AddVppBearerAuthentication();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, FunctionsHostRequirement>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ProgramManager, p => p.RequireRole(Roles.ProgramManager))
            .AddPolicy(Policies.FleetOperator, p => p.RequireRole(Roles.ProgramManager, Roles.DeviceAdmin))
            .AddPolicy(Policies.CustomerOrProgramManager, p => p.RequireRole(Roles.Customer, Roles.ProgramManager))
            .AddPolicy(Policies.FunctionsHost, p => p.AddRequirements(new FunctionsHostRequirement()))
            .SetFallbackPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());

        services.AddVppInfrastructure(configuration);
        services.AddVppApplication();
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(s => s.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
