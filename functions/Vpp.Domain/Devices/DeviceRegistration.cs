namespace Vpp.Domain.Devices;

/// <summary>What the program knows about an enrolled device: who owns it, what it is and its limits, since when (a local date; unknown for devices enrolled before it was recorded).</summary>
public sealed record DeviceRegistration(
    string DeviceId,
    string ProgramId,
    DeviceType Type,
    DeviceRatings Ratings,
    string? CustomerId = null,
    string? Feeder = null,
    DateOnly? EnrolledOn = null);
