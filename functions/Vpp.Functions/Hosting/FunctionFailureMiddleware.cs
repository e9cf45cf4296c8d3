using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vpp.Functions.Hosting;

/// <summary>
/// In the worker, an HTTP function that throws answers a 500 problem, as the local host's exception handler does, not
/// the host's empty 500: the failure is logged with its exception, and its message, which may name storage or a
/// customer, stays out of the answer. Other triggers' failures go to the host, which retries or records them.
/// </summary>
public sealed partial class FunctionFailureMiddleware(ILogger<FunctionFailureMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception failure) when (context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            await AnswerAsync(http, context.FunctionDefinition.Name, failure);

            // The problem is written; an empty result tells the HTTP integration the response is complete.
            context.GetInvocationResult().Value = Results.Empty;
        }
    }

    /// <summary>Logs the failure of the named function and answers its call with a 500 problem.</summary>
    public async Task AnswerAsync(HttpContext http, string functionName, Exception failure)
    {
        ArgumentNullException.ThrowIfNull(http);
        LogFailure(functionName, failure);
        http.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An error occurred while processing your request." },
        });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Function {FunctionName} failed")]
    private partial void LogFailure(string functionName, Exception failure);
}
