using System.Text.Json;

namespace Vpp.LocalHost.Triggers;

/// <summary>One function: its folder name (the handler path) and its trigger binding.</summary>
public sealed record FunctionDefinition(string Name, string TriggerType, JsonElement Trigger)
{
    public string BindingName => Trigger.GetProperty("name").GetString()!;

    public string? Setting(string name) => Trigger.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
