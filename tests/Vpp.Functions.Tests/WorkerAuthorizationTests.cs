using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>
/// The worker's middleware as Azure runs it, one HTTP function at a time by name: strangers are refused before any
/// function runs, with the same problem details and bearer challenge as locally; the right role goes through.
/// </summary>
public sealed class WorkerAuthorizationTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private readonly FunctionAuthorizationMiddleware middleware = new(FunctionCatalog.Instance);

    [Fact]
    public async Task Every_http_function_but_the_openapi_document_refuses_a_stranger_with_a_401_problem_and_a_bearer_challenge()
    {
        foreach (var (function, _) in FunctionCatalog.Instance.Http)
        {
            await using var scope = handler.App.Services.CreateAsyncScope();
            var http = Call(scope, authorization: null);

            var allowed = await middleware.AuthorizeAsync(http, function.Name);

            if (function.Name == "OpenApiDocument")
            {
                Assert.True(allowed);
                continue;
            }

            Assert.False(allowed, $"{function.Name} let a stranger in");
            Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
            Assert.StartsWith("Bearer", http.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
            http.Response.Body.Position = 0;
            Assert.Equal(401, JsonDocument.Parse(http.Response.Body).RootElement.GetProperty("status").GetInt32());
        }
    }

    [Fact]
    public async Task A_role_the_function_names_goes_through_and_another_gets_a_403()
    {
        // A scope per request, as the worker gives each invocation its own.
        await using var managerScope = handler.App.Services.CreateAsyncScope();
        await using var customerScope = handler.App.Services.CreateAsyncScope();
        var manager = Call(managerScope, "Bearer " + handler.Token(Roles.ProgramManager));
        var customer = Call(customerScope, "Bearer " + handler.Token(Roles.Customer));

        Assert.True(await middleware.AuthorizeAsync(manager, "PutProgram"));
        Assert.False(await middleware.AuthorizeAsync(customer, "PutProgram"));
        Assert.Equal(StatusCodes.Status403Forbidden, customer.Response.StatusCode);
        Assert.Contains("insufficient_scope", customer.Response.Headers.WWWAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.True(FunctionCatalog.Instance.Find("PutProgram")!.Trigger is HttpTriggerAttribute);
    }

    [Fact]
    public async Task A_function_that_throws_answers_a_500_problem_that_does_not_show_the_failure()
    {
        await using var scope = handler.App.Services.CreateAsyncScope();
        var http = Call(scope, "Bearer " + handler.Token(Roles.ProgramManager));

        await new FunctionFailureMiddleware(NullLogger<FunctionFailureMiddleware>.Instance).AnswerAsync(http, "GetProgram", new IOException("account vppledger is unreachable"));

        Assert.Equal(StatusCodes.Status500InternalServerError, http.Response.StatusCode);
        Assert.Equal("application/problem+json", http.Response.ContentType);
        http.Response.Body.Position = 0;
        var body = await new StreamReader(http.Response.Body).ReadToEndAsync();
        Assert.Equal(500, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("vppledger", body, StringComparison.Ordinal);
    }

    private static DefaultHttpContext Call(AsyncServiceScope scope, string? authorization)
    {
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Response.Body = new MemoryStream();
        if (authorization is not null)
        {
            http.Request.Headers.Authorization = authorization;
        }

        return http;
    }
}
