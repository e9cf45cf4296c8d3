using System.Text.Json;

namespace Vpp.Functions.Dispatch;

/// <summary>A change: <c>targetKw</c> (a number, or null for as much as is available; left out, unchanged) and/or <c>end</c>.</summary>
public sealed record DispatchEventChangeBody(JsonElement? TargetKw, string? End);
