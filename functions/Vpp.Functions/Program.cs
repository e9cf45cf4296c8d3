using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Vpp.Functions;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseMiddleware<FunctionFailureMiddleware>();
builder.UseMiddleware<FunctionAuthorizationMiddleware>();
builder.Services.AddVppFunctions(builder.Configuration).AddVppFunctionDescriptions();
await builder.Build().RunAsync();
