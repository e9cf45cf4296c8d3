using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace Vpp.Functions.Security;

/// <summary>Who made an authorized request, as histories record it: the token's subject.</summary>
public static class Caller
{
    public static string Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.User.FindFirstValue("sub") ?? "unknown";
    }
}
