using Vpp.Domain.Calendar;
using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;
using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Optimization;

/// <summary>
/// The planning model of an enrolled device from its registration and latest reading. An EV charger's habits, once
/// learned from its history (<see cref="EvChargingHabits"/>), set its car's departure and session energy, and add the
/// sessions it expects later in the horizon (a car that usually arrives by then); a water heater's household's draws,
/// once learned (<see cref="HotWaterHabits"/>), set its tank's drain hour by hour; a house's learned heat loss
/// (<see cref="HouseThermalHabits"/>) sets how much its heat pump's load moves with the outdoor temperature. Until
/// they are learned, typical values stand in, each named here: an EV plugged in now leaves at 07:00 local and needs
/// 30 kWh in all, or what its charger can deliver by then if that is less; hot water is drawn mostly 06:30–08:30 and
/// 18:00–21:00 (12 kWh a day in all); a house's heat loss or gain is what its latest compressor power holds,
/// following the outdoor temperature forecast when there is one and held level when there is none. The model's baseline (a battery idle, a car charging flat out from a typical
/// arrival, a tank held at its setpoint) gives way to what the device was seen to draw undispatched in each local
/// quarter hour (<see cref="PowerProfile"/>) once that is learned, except a heat pump's. A device with no reading yet is left out of the plan.
/// </summary>
public static class FleetDeviceModel
{
    public const double TypicalEvSessionKwh = 30;
    public const double TypicalDailyHotWaterKwh = 12;
    public static readonly TimeOnly TypicalEvDeparture = new(7, 0);

    /// <param name="habits">What the device's history taught; typical values stand in for what it did not.</param>
    /// <param name="outdoorForecastC">The area's forecast outdoor temperature per horizon interval (NaN where unknown), for thermostats.</param>
    /// <param name="evNeed">What a car staying past the horizon must have charged by its end.</param>
    public static FlexibleDevice? From(FleetDevice device, PlanningHorizon horizon, TimeZoneInfo zone, DeviceHabits? habits = null, IReadOnlyList<double>? outdoorForecastC = null,
        EvNeedPastHorizon evNeed = EvNeedPastHorizon.ProRata)
    {
        var modelled = Modelled(device, horizon, zone, habits, outdoorForecastC, evNeed);
        return modelled is not null && habits?.Power is { } profile && UsesLearnedBaseline(modelled.Type)
            ? modelled with { BaselinePowerKw = [.. Enumerable.Range(0, horizon.Intervals).Select(t => profile.KwAt(horizon.StartOf(t), zone))] }
            : modelled;
    }

    /// <summary>
    /// A heat pump's modelled baseline follows the forecast's weather through its learned house; a mean of other days'
    /// hours does not (measured in <c>dispatch-tracking</c>: the profile as a heat pump's baseline moved the delivered peak
    /// further from the plan on each of three fleets).
    /// </summary>
    private static bool UsesLearnedBaseline(DeviceType type) => type != DeviceType.Thermostat;

    private static FlexibleDevice? Modelled(FleetDevice device, PlanningHorizon horizon, TimeZoneInfo zone, DeviceHabits? habits, IReadOnlyList<double>? outdoorForecastC, EvNeedPastHorizon evNeed)
    {
        if (device.Latest is not { } reading)
        {
            return null;
        }

        var r = device.Registration.Ratings;
        var id = device.Registration.DeviceId;
        switch (device.Registration.Type)
        {
            case DeviceType.Battery when r.EnergyCapacityKwh is { } capacity && reading.StateOfChargePct is { } soc:
                return FlexibleDevices.Battery(id, horizon, capacity, r.BackupReservePct ?? 0, soc, r.MaxImportKw, r.MaxExportKw, r.RoundTripEfficiency ?? 0.9);
            case DeviceType.EvCharger:
                return FlexibleDevices.EvCharger(id, horizon, r.MaxImportKw, EvSessions(horizon, zone, reading, habits?.Charging, r.MaxImportKw), ChargingStandard.MinimumChargingKw, evNeed);
            case DeviceType.WaterHeater when reading.TankTemperatureC is { } tank && r.ComfortMinC is { } low && r.ComfortMaxC is { } high:
                var draws = Enumerable.Range(0, horizon.Intervals).Select(t => HotWaterDrawKw(LocalHour(horizon.StartOf(t), zone), habits?.HotWater)).ToArray();
                return FlexibleDevices.WaterHeater(id, horizon, r.MaxImportKw, Math.Clamp(tank, low, high), low, high, (low + high) / 2, draws, ThermalParameters.TypicalTank);
            case DeviceType.Thermostat when reading.IndoorTemperatureC is { } indoor && r.ComfortMinC is { } min && r.ComfortMaxC is { } max:
                var setpoint = Math.Clamp(reading.SetpointC ?? indoor, min, max);
                var house = habits?.House is { } learned ? ThermalParameters.TypicalHouse with { LossKwPerC = learned.LossKwPerC } : ThermalParameters.TypicalHouse;
                var (outdoorC, cooling) = OutdoorTemperatures(reading.PowerKw, setpoint, house, habits?.House, horizon.Intervals, outdoorForecastC,
                    CoolingSeen(reading.PowerKw, indoor, setpoint, house.DeadbandC));
                return FlexibleDevices.Thermostat(id, horizon, r.MaxImportKw, Math.Clamp(indoor, min, max), setpoint, min, max, outdoorC, house, cooling);
            default:
                return null;
        }
    }

    /// <summary>
    /// The outdoor temperature the planning model's house sees. A house whose heat loss and internal gains were learned
    /// from its own history sees the forecast, warmed by what its gains are worth (gains ÷ loss). Otherwise the typical
    /// house's loss is a guess and the latest reading is not: the house sees a temperature at which the latest
    /// compressor power is what holds the setpoint, moved hour by hour as the forecast moves, on the side of the
    /// setpoint the reading shows the heat pump working (<paramref name="cooling"/>), else the side the forecast is on
    /// (heating below it, cooling above). Without a forecast for every interval, that temperature held. (One reading of a cycling compressor is all or nothing, which is why learned habits win.)
    /// Returns the mode too, the one the temperatures were built for: the reading's when it tells, else the forecast's.
    /// </summary>
    private static (double[] OutdoorC, bool Cooling) OutdoorTemperatures(double powerKw, double setpointC, ThermalParameters house, HouseThermalHabits? learned, int intervals,
        IReadOnlyList<double>? forecastC, bool? coolingSeen)
    {
        var forecast = forecastC is not null && forecastC.Count >= intervals && forecastC.Take(intervals).All(double.IsFinite) ? forecastC.Take(intervals).ToArray() : null;
        if (learned is not null && forecast is not null)
        {
            var gainsC = learned.GainsKw / learned.LossKwPerC;
            double[] seen = [.. forecast.Select(c => c + gainsC)];
            return (seen, coolingSeen ?? seen.Average() > setpointC);
        }

        var lift = Math.Max(0, powerKw) * house.Cop / house.LossKwPerC;
        if (forecast is null)
        {
            var cools = coolingSeen ?? lift > 0;
            return ([.. Enumerable.Repeat(cools ? setpointC + lift : setpointC - lift, intervals)], cools);
        }

        var cooling = coolingSeen ?? forecast.Average() > setpointC;
        var now = cooling ? setpointC + lift : setpointC - lift;
        return ([.. forecast.Select(c => now + (c - forecast[0]))], cooling);
    }

    /// <summary>
    /// Which way the heat pump works, when its reading says: a compressor that sits idle while the house is past the
    /// deadband is not working that way (idle below the setpoint, it is not heating), and one that runs there is.
    /// Within the deadband a reading says nothing: the compressor's cycle could be either.
    /// </summary>
    private static bool? CoolingSeen(double powerKw, double indoorC, double setpointC, double deadbandC)
    {
        var below = indoorC < setpointC - deadbandC;
        var above = indoorC > setpointC + deadbandC;
        var running = powerKw > 0;
        return below || above ? below != running : null;
    }

    /// <summary>
    /// The car plugged in now, if any, then each arrival the habits expect: a typical arrival at an hour the car is
    /// usually plugged in. The plug state is known only now: a horizon that starts later (the day-ahead plan) takes
    /// its first hours from the habits too, including a car that usually arrived the evening before.
    /// </summary>
    private static List<EvSession> EvSessions(PlanningHorizon horizon, TimeZoneInfo zone, Telemetry.LatestReading reading, EvChargingHabits? habits, double chargerKw)
    {
        var departure = habits?.TypicalDeparture ?? TypicalEvDeparture;
        var sessionKwh = habits?.MedianSessionKwh ?? TypicalEvSessionKwh;
        var sessions = new List<EvSession>();
        var stateKnown = horizon.StartUtc - reading.Timestamp < TimeSpan.FromHours(1);
        var cursor = stateKnown ? horizon.StartUtc : horizon.StartUtc.AddDays(-1);
        if (stateKnown && reading.Plugged == true)
        {
            cursor = NextLocal(horizon.StartUtc, departure, zone);
            var stillNeededKwh = Math.Max(0, sessionKwh - (reading.SessionEnergyKwh ?? 0));
            // A typical need is a guess: where the charger could not deliver it by the typical departure, the car is
            // taken to need what it can get, not reported as a limit the plan missed.
            if (habits is null)
            {
                stillNeededKwh = Math.Min(stillNeededKwh, chargerKw * (cursor - horizon.StartUtc).TotalHours);
            }

            sessions.Add(new EvSession(horizon.StartUtc, cursor, stillNeededKwh));
        }

        if (habits is null)
        {
            return sessions;
        }

        for (var arrival = NextLocal(cursor, habits.TypicalArrival, zone); arrival < horizon.EndUtc; arrival = NextLocal(arrival, habits.TypicalArrival, zone))
        {
            // The hour after arrival is when a car that usually comes is surely there.
            var settled = TimeZoneInfo.ConvertTime(arrival.AddHours(1), zone).Hour;
            var leaves = NextLocal(arrival, departure, zone);
            if (habits.PluggedProbabilityByLocalHour[settled] >= 0.5 && leaves > horizon.StartUtc)
            {
                sessions.Add(new EvSession(arrival, leaves, habits.MedianSessionKwh));
            }
        }

        return sessions;
    }

    /// <summary>The household's learned draw at this local hour, else a typical day's share of <see cref="TypicalDailyHotWaterKwh"/>.</summary>
    private static double HotWaterDrawKw(double localHour, HotWaterHabits? learned) =>
        learned is not null ? learned.DrawKwByLocalHour[(int)localHour] : TypicalDailyHotWaterKwh * localHour switch
        {
            >= 6.5 and < 8.5 => 0.2,
            >= 18 and < 21 => 0.1,
            _ => 0.3 / 19,
        };

    private static double LocalHour(DateTimeOffset instant, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(instant, zone).TimeOfDay.TotalHours;

    /// <summary>The first instant after <paramref name="after"/> when the local clock shows <paramref name="time"/>.</summary>
    private static DateTimeOffset NextLocal(DateTimeOffset after, TimeOnly time, TimeZoneInfo zone)
    {
        var date = TimeZoneInfo.ConvertTime(after, zone).Date;
        var candidate = LocalDays.AtUtc(date, time, zone);
        return candidate > after ? candidate : LocalDays.AtUtc(date.AddDays(1), time, zone);
    }
}
