namespace Vpp.Functions.Hosting;

/// <summary>The custom-handler response: output bindings, log lines for the invocation, and the return value.</summary>
public sealed record InvocationResult(IReadOnlyDictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue)
{
    /// <summary>The documented response names are PascalCase: Outputs, Logs, ReturnValue.</summary>
    private static readonly System.Text.Json.JsonSerializerOptions Exact = new() { PropertyNamingPolicy = null };

    public static Microsoft.AspNetCore.Http.IResult WithLogs(params string[] logs) =>
        Microsoft.AspNetCore.Http.Results.Json(new InvocationResult(new Dictionary<string, object?>(), logs, null), Exact);
}
