using Vpp.Domain.Devices;
using Vpp.Domain.Optimization;

namespace Vpp.Domain.Tests.Optimization;

/// <summary>
/// Test data builder: a reproducible mixed fleet (batteries, EV chargers, water heaters, thermostats) for one summer
/// day starting at local midnight in California, with the program's baseline (homes' own load plus every device's
/// baseline). Sizes and states vary the way a real enrolment does; the same seed gives the same fleet.
/// </summary>
public sealed class MixedFleetBuilder(int seed)
{
    public static PlanningHorizon Day { get; } = PlanningHorizon.DayAhead(new DateTimeOffset(2026, 7, 15, 7, 0, 0, TimeSpan.Zero));

    private double batteryShare = 0.3;
    private double evShare = 0.25;
    private double waterHeaterShare = 0.25;

    public MixedFleetBuilder OnlyBatteries()
    {
        (batteryShare, evShare, waterHeaterShare) = (1, 0, 0);
        return this;
    }

    /// <summary>Outdoor temperature for local hour h: 18 °C at dawn, 34 °C mid-afternoon.</summary>
    public static double OutdoorC(int interval) => 26 - (8 * Math.Cos(2 * Math.PI * ((interval / 4.0) - 3) / 24));

    public (List<FlexibleDevice> Devices, double[] ProgramBaselineKw) Build(int count)
    {
        var random = new Random(seed);
        var horizon = Day;
        var outdoor = Enumerable.Range(0, horizon.Intervals).Select(OutdoorC).ToArray();
        var devices = new List<FlexibleDevice>(count);
        for (var i = 0; i < count; i++)
        {
            var pick = random.NextDouble();
            devices.Add(pick < batteryShare ? Battery(random, i)
                : pick < batteryShare + evShare ? Ev(random, i)
                : pick < batteryShare + evShare + waterHeaterShare ? WaterHeater(random, i)
                : Thermostat(random, i, outdoor));
        }

        var homes = Enumerable.Range(0, horizon.Intervals)
            .Select(t => count * 1.2 * (0.5 + (0.9 * Math.Exp(-Math.Pow(((t / 4.0) - 19) / 2.0, 2))) + (0.3 * Math.Exp(-Math.Pow(((t / 4.0) - 8) / 1.5, 2)))))
            .ToArray();
        foreach (var device in devices)
        {
            for (var t = 0; t < homes.Length; t++)
            {
                homes[t] += device.BaselinePowerKw[t];
            }
        }

        return (devices, homes);
    }

    private static FlexibleDevice Battery(Random random, int i)
    {
        var capacity = new[] { 10.0, 13.5, 16 }[random.Next(3)];
        var reservePct = new[] { 10.0, 20, 30 }[random.Next(3)];
        var kw = new[] { 3.8, 5.0, 7.6 }[random.Next(3)];
        return FlexibleDevices.Battery($"bat-{i}", Day, capacity, reservePct, reservePct + (random.NextDouble() * (100 - reservePct)), kw, kw, random.Next(2) == 0 ? 0.9 : 0.85);
    }

    private static FlexibleDevice Ev(Random random, int i)
    {
        var day = Day.StartUtc;
        var sessions = new List<EvSession>();
        if (random.NextDouble() < 0.7)
        {
            // Plugged in last evening, leaving this morning.
            sessions.Add(new EvSession(day.AddHours(-5), day.AddHours(6.5 + random.Next(3)), 6 + (random.NextDouble() * 20)));
        }

        sessions.Add(new EvSession(day.AddHours(17 + random.Next(4)), day.AddHours(31), 8 + (random.NextDouble() * 32)));
        return FlexibleDevices.EvCharger($"ev-{i}", Day, new[] { 7.2, 9.6, 11.5 }[random.Next(3)], sessions, ChargingStandard.MinimumChargingKw);
    }

    /// <summary>Each household draws its own amount, showering at its own hour, as learned habits say.</summary>
    private static FlexibleDevice WaterHeater(Random random, int i)
    {
        var scale = 0.5 + random.NextDouble();
        var showers = 5.5 + (random.Next(9) * 0.25);
        var draws = Enumerable.Range(0, Day.Intervals).Select(t => (t / 4.0) switch
        {
            var h when h >= showers && h < showers + 2 => 3.0,
            >= 18 and < 21 => 2.0,
            _ => 0.1,
        } * scale).ToArray();
        return FlexibleDevices.WaterHeater($"wh-{i}", Day, new[] { 4.5, 5.5 }[random.Next(2)], 50 + (random.NextDouble() * 8), 45, 65, 55, draws, ThermalParameters.TypicalTank);
    }

    /// <summary>Each house loses heat at its own learned rate.</summary>
    private static FlexibleDevice Thermostat(Random random, int i, double[] outdoor) =>
        FlexibleDevices.Thermostat($"th-{i}", Day, new[] { 2.5, 3.5, 5.0 }[random.Next(3)], 23.5 + random.NextDouble(), 24, 18, 27, outdoor,
            ThermalParameters.TypicalHouse with { LossKwPerC = Math.Round(0.1 + (random.NextDouble() * 0.2), 2) });
}
