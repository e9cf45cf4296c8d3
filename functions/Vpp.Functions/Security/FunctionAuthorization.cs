using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Http;

namespace Vpp.Functions.Security;

/// <summary>
/// Authorizes an HTTP function call from the <see cref="AuthorizeAttribute"/> (or <see cref="AllowAnonymousAttribute"/>)
/// on its method, as ASP.NET Core's authentication and authorization middleware would for an endpoint: the bearer
/// token is authenticated, the named policy (else the default: any authenticated caller) evaluated, and a refusal
/// written by <see cref="IAuthorizationMiddlewareResultHandler"/> as problem details. The worker's middleware and the
/// local host both call this, so a function is guarded the same way in Azure and on a developer's machine.
/// </summary>
public sealed class FunctionAuthorization(IAuthorizationPolicyProvider policies, IPolicyEvaluator evaluator, IAuthorizationMiddlewareResultHandler refusals)
{
    private readonly ConcurrentDictionary<MethodInfo, Task<AuthorizationPolicy?>> policyOf = new();

    /// <summary>True when the call may go on; false when a refusal has been written to the response.</summary>
    public async Task<bool> AuthorizeAsync(HttpContext context, MethodInfo function)
    {
        var authenticated = await context.AuthenticateAsync();
        if (authenticated.Principal is { } principal)
        {
            context.User = principal;
        }

        var policy = await policyOf.GetOrAdd(function, PolicyAsync);
        if (policy is null)
        {
            return true;
        }

        var result = await evaluator.AuthorizeAsync(policy, authenticated, context, context);
        if (result.Succeeded)
        {
            return true;
        }

        await refusals.HandleAsync(_ => Task.CompletedTask, context, policy, result);
        return false;
    }

    /// <summary>Null for an anonymous function; the default policy (any authenticated caller) for one that names none.</summary>
    private async Task<AuthorizationPolicy?> PolicyAsync(MethodInfo function)
    {
        var attributes = function.GetCustomAttributes(inherit: true).Concat(function.DeclaringType!.GetCustomAttributes(inherit: true)).ToList();
        if (attributes.OfType<IAllowAnonymous>().Any())
        {
            return null;
        }

        return await AuthorizationPolicy.CombineAsync(policies, [.. attributes.OfType<IAuthorizeData>()]) ?? await policies.GetDefaultPolicyAsync();
    }
}
