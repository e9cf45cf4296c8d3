namespace Vpp.Functions.Dispatch;

/// <summary>A new event as a manager posts it: start and end in the program's local time (or instants with offset).</summary>
public sealed record DispatchEventBody(
    string? Kind, string? Start, string? End, double? TargetKw, IReadOnlyList<string>? DeviceTypes, IReadOnlyList<string>? Feeders, string? Notice, bool? Test, string? Message,
    bool? Proposed);
