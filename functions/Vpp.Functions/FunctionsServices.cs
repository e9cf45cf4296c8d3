using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Vpp.Application;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;
using Vpp.Infrastructure;

namespace Vpp.Functions;

/// <summary>The main app's services, whoever hosts its functions: the isolated worker in Azure, the local host, tests.</summary>
public static class FunctionsServices
{
    public static IServiceCollection AddVppFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JwtSettings>().Bind(configuration.GetSection("Auth")).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JwtSettings>, JwtSettingsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(Vpp.Domain.Dispatch.DispatchTimeline.RealTime);
        // Settings out of range stop the app here, each named, rather than an event or a run weeks later.
        var releaseWindow = Dispatch.DispatchOrchestrations.ReleaseWindowOf(configuration);
        var settlement = configuration.GetSection("Settlement").Get<Vpp.Application.Settlement.SettlementSettings>() ?? new Vpp.Application.Settlement.SettlementSettings();
        var invalid = settlement.Validate().Select(e => $"{e.Field}: {e.Message}")
            .Concat(releaseWindow is null ? [$"{Dispatch.DispatchOrchestrations.ReleaseWindowSetting}: {Dispatch.DispatchOrchestrations.ReleaseWindowRule}"] : [])
            .ToList();
        if (invalid.Count > 0)
        {
            throw new InvalidOperationException("Settings out of range: " + string.Join("; ", invalid));
        }

        services.AddSingleton(sp => new Dispatch.DispatchOrchestrations(sp.GetRequiredService<Vpp.Domain.Dispatch.DispatchTimeline>(), releaseWindow!.Value));
        services.AddSingleton(settlement);
        services.AddProblemDetails();
        services.AddOpenApi(options =>
        {
            var bearer = new BearerOpenApiTransformer();
            options.AddDocumentTransformer(bearer);
            options.AddOperationTransformer(bearer);
            options.AddOperationTransformer<QueryParameterOpenApiTransformer>();
        });
        services.AddVppBearerAuthentication();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.ProgramManager, p => p.RequireRole(Roles.ProgramManager))
            .AddPolicy(Policies.FleetOperator, p => p.RequireRole(Roles.ProgramManager, Roles.DeviceAdmin))
            .AddPolicy(Policies.CustomerOrProgramManager, p => p.RequireRole(Roles.Customer, Roles.ProgramManager))
            .AddPolicy(Policies.Customer, p => p.RequireRole(Roles.Customer))
            .AddPolicy(Policies.Finance, p => p.RequireRole(Roles.Finance))
            .AddPolicy(Policies.SettlementReader, p => p.RequireRole(Roles.ProgramManager, Roles.Finance));
        services.AddSingleton(FunctionCatalog.Instance);
        services.AddSingleton<FunctionAuthorization>();

        services.AddVppInfrastructure(configuration);
        services.AddVppApplication();
        return services;
    }

    /// <summary>
    /// For the worker, where the Functions host routes the calls: the HTTP functions as endpoints that only describe
    /// the API to the OpenAPI document (a host that serves them adds <see cref="FunctionEndpointDataSource"/> itself).
    /// </summary>
    public static IServiceCollection AddVppFunctionDescriptions(this IServiceCollection services)
    {
        services.AddRouting();
        services.AddSingleton<EndpointDataSource>(sp => new FunctionEndpointDataSource(sp, FunctionCatalog.Instance));
        return services;
    }
}
