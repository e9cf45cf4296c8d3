namespace Vpp.Domain.Devices;

/// <summary>What the program knows about an enrolled device: who owns it, what it is and its limits.</summary>
public sealed record DeviceRegistration(
    string DeviceId,
    string ProgramId,
    DeviceType Type,
    DeviceRatings Ratings,
    string? CustomerId = null,
    string? Feeder = null);
