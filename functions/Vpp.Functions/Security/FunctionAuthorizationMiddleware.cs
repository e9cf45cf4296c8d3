using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Functions.Hosting;

namespace Vpp.Functions.Security;

/// <summary>
/// In the worker, every HTTP-triggered invocation passes <see cref="FunctionAuthorization"/> before the function runs;
/// a refused call never reaches it. Other triggers (timers, orchestrations, activities) come from the host itself.
/// </summary>
public sealed class FunctionAuthorizationMiddleware(FunctionCatalog catalog) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }

        var function = catalog.Find(context.FunctionDefinition.Name)
            ?? throw new InvalidOperationException($"Function {context.FunctionDefinition.Name} is not in the catalog.");
        if (await http.RequestServices.GetRequiredService<FunctionAuthorization>().AuthorizeAsync(http, function.Method))
        {
            await next(context);
            return;
        }

        // The refusal is already written; an empty result tells the HTTP integration the response is complete.
        context.GetInvocationResult().Value = Results.Empty;
    }
}
