using Vpp.Domain.Fleet;

namespace Vpp.Application.Fleet;

public sealed record FlexibilityRecord(double UpKw, double DownKw, double UpEnergyNextHourKwh, double DownEnergyNextHourKwh)
{
    public static FlexibilityRecord From(Flexibility f) =>
        new(Math.Round(f.UpKw, 3), Math.Round(f.DownKw, 3), Math.Round(f.UpEnergyNextHourKwh, 3), Math.Round(f.DownEnergyNextHourKwh, 3));
}
