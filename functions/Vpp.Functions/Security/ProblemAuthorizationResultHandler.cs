using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Vpp.Functions.Security;

/// <summary>
/// Every refusal says why, as RFC 9457 problem details, with the RFC 6750 <c>WWW-Authenticate</c> header: 401 for a
/// missing or invalid token (the bearer challenge names the error), 403 for a token whose roles do not allow the call.
/// </summary>
public sealed class ProblemAuthorizationResultHandler(IProblemDetailsService problems) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Challenged)
        {
            await context.ChallengeAsync(BearerAuthentication.SchemeName);
            await WriteAsync(context, "Unauthorized", "A valid bearer token is required.");
        }
        else if (authorizeResult.Forbidden)
        {
            await context.ForbidAsync(BearerAuthentication.SchemeName);
            context.Response.Headers.WWWAuthenticate = BearerAuthentication.InsufficientScopeChallenge;
            await WriteAsync(context, "Forbidden", "The token's roles do not allow this call.");
        }
        else
        {
            await standard.HandleAsync(next, context, policy, authorizeResult);
        }
    }

    private ValueTask WriteAsync(HttpContext context, string title, string detail) =>
        problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = context.Response.StatusCode, Title = title, Detail = detail },
        });
}
