namespace Vpp.Application.Fleet;

/// <summary>One device type in a fleet view; <see cref="OptedOut"/> of the online devices are out of the program's control, their flexibility left out.</summary>
public sealed record FleetTypeRecord(int Online, int Offline, int NeverReported, double PowerKw, FlexibilityRecord Flexibility, int OptedOut = 0);
