using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vpp.Functions;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<FunctionAuthorizationMiddleware>();
builder.Services.AddVppFunctions(builder.Configuration);

// The Functions host routes the calls; these endpoints only describe them to the OpenAPI document.
builder.Services.AddSingleton<EndpointDataSource>(services => new FunctionEndpointDataSource(services, FunctionCatalog.Instance));
await builder.Build().RunAsync();
