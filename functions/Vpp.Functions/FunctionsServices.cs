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
            .AddPolicy(Policies.CustomerOrProgramManager, p => p.RequireRole(Roles.Customer, Roles.ProgramManager));
        services.AddSingleton(FunctionCatalog.Instance);
        services.AddSingleton<FunctionAuthorization>();

        services.AddVppInfrastructure(configuration);
        services.AddVppApplication();
        return services;
    }
}
