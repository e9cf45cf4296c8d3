namespace Vpp.Functions.Hosting;

/// <summary>The custom-handler response: output bindings, log lines for the invocation, and the return value.</summary>
public sealed record InvocationResult(IReadOnlyDictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue)
{
    public static InvocationResult WithLogs(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}
