namespace Vpp.Domain.Fleet;

/// <summary>
/// What a device (or the fleet) can change right now. Up = more consumption (or less export) the grid may ask for;
/// down = less consumption (or more export). Energies are what can be sustained over the next hour.
/// </summary>
public readonly record struct Flexibility(double UpKw, double DownKw, double UpEnergyNextHourKwh, double DownEnergyNextHourKwh)
{
    public static Flexibility None => default;

    public static Flexibility operator +(Flexibility a, Flexibility b) =>
        new(a.UpKw + b.UpKw, a.DownKw + b.DownKw, a.UpEnergyNextHourKwh + b.UpEnergyNextHourKwh, a.DownEnergyNextHourKwh + b.DownEnergyNextHourKwh);
}
