namespace Vpp.Ingestion.Hosting;

/// <summary>The custom-handler response: output bindings, log lines for the invocation, and the return value.</summary>
public sealed record InvocationResult(IReadOnlyDictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue)
{
    /// <summary>The documented response names are PascalCase: Outputs, Logs, ReturnValue.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Exact = new() { PropertyNamingPolicy = null };

    public static Microsoft.AspNetCore.Http.IResult WithLogs(params string[] logs) =>
        Microsoft.AspNetCore.Http.Results.Json(new InvocationResult(new Dictionary<string, object?>(), logs, null), Exact);

    /// <summary>A failed invocation: the host fails any answer that is not 2xx; the logs say why.</summary>
    public static Microsoft.AspNetCore.Http.IResult Failed(params string[] logs) =>
        Microsoft.AspNetCore.Http.Results.Json(new InvocationResult(new Dictionary<string, object?>(), logs, null), Exact, statusCode: Microsoft.AspNetCore.Http.StatusCodes.Status500InternalServerError);
}
