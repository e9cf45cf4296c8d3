using Microsoft.AspNetCore.Http;

namespace Vpp.Functions.Security;

/// <summary>A 403 decided by a use case (another customer's device), answered as the authorization middleware answers its own.</summary>
public sealed class ForbiddenProblem(string detail) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.WWWAuthenticate = BearerAuthentication.InsufficientScopeChallenge;
        return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail).ExecuteAsync(httpContext);
    }
}
