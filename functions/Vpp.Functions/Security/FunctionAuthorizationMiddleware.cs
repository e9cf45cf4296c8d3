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
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.GetHttpContext() is not { } http || await AuthorizeAsync(http, context.FunctionDefinition.Name))
        {
            await next(context);
            return;
        }

        // The refusal is already written; an empty result tells the HTTP integration the response is complete.
        context.GetInvocationResult().Value = Results.Empty;
    }

    /// <summary>Whether the call to the named function may go on; when not, the refusal has been written to the response.</summary>
    public Task<bool> AuthorizeAsync(HttpContext http, string functionName)
    {
        ArgumentNullException.ThrowIfNull(http);
        var function = catalog.Find(functionName) ?? throw new InvalidOperationException($"Function {functionName} is not in the catalog.");
        return http.RequestServices.GetRequiredService<FunctionAuthorization>().AuthorizeAsync(http, function.Method);
    }
}
