namespace Vpp.Application.Fleet;

public sealed record FleetTypeRecord(int Online, int Offline, int NeverReported, double PowerKw, FlexibilityRecord Flexibility);
