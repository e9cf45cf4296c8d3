namespace Vpp.Application.Dispatch;

/// <summary>A customer with devices in an event's plan, and which: the unit a notification is sent for.</summary>
public sealed record DispatchCustomer(string CustomerId, IReadOnlyList<string> DeviceIds);
