using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Optimization;

namespace Vpp.Benchmarks;

/// <summary>
/// Runs simulated devices in process, minute by minute, as benchmarks need them: a fleet's load by quarter hour and,
/// when asked, each device's history as its rollups would hold it, from which its habits are learned as the nightly
/// learner learns them.
/// </summary>
internal static class SimulatedFleetRun
{
    public const int StepSeconds = 60;
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Steps every device each minute for <paramref name="quarters"/> quarter hours; quarter-hour means of the program's
    /// net load and of device power by type, and, when asked, each device's quarter hours as its rollups would give them.
    /// </summary>
    public static FleetRun Run(IReadOnlyList<SimulatedDevice> fleet, DateTimeOffset from, int quarters, bool recordHistory = false)
    {
        var siteNetKw = new double[quarters];
        var deviceKwByType = new Dictionary<DeviceType, double[]>();
        var latest = new Reading[fleet.Count];
        var history = recordHistory ? fleet.Select(_ => new List<QuarterHour>(quarters)).ToArray() : null;
        var stepsPerQuarter = (int)(Quarter.TotalSeconds / StepSeconds);
        for (var q = 0; q < quarters; q++)
        {
            var quarterStart = from + (q * Quarter);
            var outdoorC = fleet.Count > 0 ? fleet[0].Site.OutdoorTemperatureC(quarterStart + (Quarter / 2)) : 0;
            for (var i = 0; i < fleet.Count; i++)
            {
                var typeKw = SeriesFor(deviceKwByType, fleet[i].Type, quarters);
                var (importedKwh, netKwh, pluggedSteps, minC, maxC) = (0.0, 0.0, 0, double.MaxValue, double.MinValue);
                for (var s = 0; s < stepsPerQuarter; s++)
                {
                    var reading = latest[i] = fleet[i].Step(quarterStart + TimeSpan.FromSeconds(s * StepSeconds), StepSeconds);
                    siteNetKw[q] += (reading.SiteNetKw ?? 0) / stepsPerQuarter;
                    typeKw[q] += reading.PowerKw / stepsPerQuarter;
                    importedKwh += Math.Max(0, reading.PowerKw) * StepSeconds / 3600;
                    netKwh += reading.PowerKw * StepSeconds / 3600;
                    pluggedSteps += reading.Plugged == true ? 1 : 0;
                    var temperatureC = reading.TankTemperatureC ?? reading.IndoorTemperatureC ?? double.NaN;
                    (minC, maxC) = (Math.Min(minC, temperatureC), Math.Max(maxC, temperatureC));
                }

                history?[i].Add(new QuarterHour(quarterStart, importedKwh, netKwh, pluggedSteps / (double)stepsPerQuarter, (minC + maxC) / 2, outdoorC));
            }
        }

        return new FleetRun(siteNetKw, deviceKwByType, latest, history);
    }

    /// <summary>What the nightly learner would have learned from the device's two weeks of quarter hours.</summary>
    public static DeviceHabits Habits(SimulatedDevice device, IReadOnlyList<QuarterHour> quarters, TimeZoneInfo zone)
    {
        var power = PowerProfile.Learn([.. quarters.Select(q => new MeterInterval(q.Start, Quarter, q.NetKwh))], zone);
        return device.Type switch
        {
            DeviceType.EvCharger => new DeviceHabits(Charging: EvChargingHabits.Learn([.. quarters.Select(q => new ChargerInterval(q.Start, Quarter, q.ImportedKwh, q.PluggedFraction))], zone), Power: power),
            DeviceType.WaterHeater => new DeviceHabits(HotWater: HotWaterHabits.Learn([.. quarters.Select(q => new TankInterval(q.Start, Quarter, q.ImportedKwh, q.TemperatureC))], zone, ThermalParameters.TypicalTank), Power: power),
            DeviceType.Thermostat => new DeviceHabits(House: HouseThermalHabits.Learn([.. quarters.Select(q => new HouseInterval(q.Start, Quarter, q.ImportedKwh, q.TemperatureC, q.OutdoorC))], ThermalParameters.TypicalHouse.Cop), Power: power),
            _ => new DeviceHabits(Power: power),
        };
    }

    public static double[] SeriesFor(Dictionary<DeviceType, double[]> byType, DeviceType type, int intervals)
    {
        if (!byType.TryGetValue(type, out var sum))
        {
            byType[type] = sum = new double[intervals];
        }

        return sum;
    }

    public sealed record FleetRun(double[] SiteNetKw, Dictionary<DeviceType, double[]> DeviceKwByType, Reading[] Latest, List<QuarterHour>[]? Quarters);

    public readonly record struct QuarterHour(DateTimeOffset Start, double ImportedKwh, double NetKwh, double PluggedFraction, double TemperatureC, double OutdoorC);
}
