using Vpp.Domain.Dispatch;

namespace Vpp.Application.Dispatch;

/// <summary>An event a device was (or is to be) part of, with its part in the plan (none before it is planned) and what it delivered (once reported).</summary>
public sealed record DeviceEventParticipation(DispatchEvent Event, DispatchAssignment? Part, bool Commanded, double? DeliveredKwh);
