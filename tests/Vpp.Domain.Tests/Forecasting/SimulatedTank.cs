using Vpp.Domain.Forecasting;
using Vpp.Domain.Optimization;

namespace Vpp.Domain.Tests.Forecasting;

/// <summary>
/// A 4.5 kW resistance water heater with the typical tank and a 50–55 °C deadband, minute by minute, serving a
/// household whose draw at each local hour is given (each minute's draw varies ±50 % around it).
/// </summary>
public static class SimulatedTank
{
    public const double ElementKw = 4.5;

    /// <summary>Showers 06:00–07:30 at 4 kW and dishes 19:00–21:00 at 1.5 kW, a trickle otherwise: 10 kWh a day.</summary>
    public static double Household(double localHour) => localHour switch
    {
        >= 6 and < 7.5 => 4.0,
        >= 19 and < 21 => 1.5,
        _ => 0.05,
    };

    public const double HouseholdDailyKwh = (1.5 * 4.0) + (2 * 1.5) + (20.5 * 0.05);

    /// <summary>Each minute from the local midnight of <paramref name="firstLocalDay"/>: its start, the element's power and the tank's temperature after it.</summary>
    public static IEnumerable<(DateTimeOffset Start, double PowerKw, double TankC)> Minutes(DateTime firstLocalDay, int days, TimeZoneInfo zone, Func<double, double> drawKwAtLocalHour)
    {
        var tank = ThermalParameters.TypicalTank;
        var tankC = 53.0;
        var heating = false;
        var start = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(firstLocalDay, zone));
        var random = new Random(7);
        for (var minute = 0; minute < days * 24 * 60; minute++)
        {
            var at = start.AddMinutes(minute);
            var draw = drawKwAtLocalHour(TimeZoneInfo.ConvertTime(at, zone).TimeOfDay.TotalHours) * (0.5 + random.NextDouble());
            heating = tankC < 50 || (heating && tankC < 55);
            var power = heating ? ElementKw : 0;
            tankC += (power - draw - (tank.LossKwPerC * (tankC - HotWaterHabits.RoomC))) / 60 / tank.StoreKwhPerC;
            yield return (at, power, tankC);
        }
    }

    /// <summary>The minutes rolled up into quarter hours the way ingestion does: element energy, the middle of the lowest and highest temperature.</summary>
    public static List<TankInterval> QuarterHours(DateTime firstLocalDay, int days, TimeZoneInfo zone, Func<double, double> drawKwAtLocalHour) =>
    [
        .. Minutes(firstLocalDay, days, zone, drawKwAtLocalHour)
            .Chunk(15)
            .Select(q => new TankInterval(q[0].Start, TimeSpan.FromMinutes(15), q.Sum(m => m.PowerKw) / 60, (q.Min(m => m.TankC) + q.Max(m => m.TankC)) / 2)),
    ];
}
