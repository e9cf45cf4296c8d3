using Vpp.DeviceSim.Physics;

namespace Vpp.DeviceSim;

/// <summary>Builds a diverse fleet from a seed: same seed, same devices, sizes and starting states.</summary>
public static class FleetFactory
{
    public static IReadOnlyList<SimulatedDevice> Create(SimulatorOptions options)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var random = new Random(options.Seed);
        var mix = options.Mix;
        var total = mix.Sum(m => m.Weight);
        var devices = new List<SimulatedDevice>(options.Devices);
        for (var i = 0; i < options.Devices; i++)
        {
            var site = new SiteEnvironment(zone, new Random(random.Next()));
            var pick = random.NextDouble() * total;
            var type = mix.First(m => (pick -= m.Weight) <= 0 || m == mix[^1]).Type;
            var id = $"{options.DevicePrefix}{i:D5}";
            var baseLoad = 0.4 + (random.NextDouble() * 1.2);
            var pv = random.NextDouble() < 0.45 ? Math.Round(3 + (random.NextDouble() * 7), 1) : 0;
            devices.Add(type switch
            {
                "battery" => new SimulatedBattery(id, site, baseLoad, pv, Pick(random, 10, 13.5, 16), Pick(random, 3.8, 5, 7.6), Pick(random, 10, 20, 30), 30 + (random.NextDouble() * 60)),
                "ev-charger" => new SimulatedEvCharger(id, site, baseLoad, pv, Pick(random, 7.2, 9.6, 11.5)),
                "water-heater" => new SimulatedWaterHeater(id, site, baseLoad, pv, Pick(random, 3.8, 4.5, 5.5), 48 + (random.NextDouble() * 8))
                {
                    HouseholdUse = 0.5 + (random.NextDouble() * 1.3),
                    MorningDrawStartHour = 5.5 + (random.NextDouble() * 2),
                },
                _ => new SimulatedThermostat(id, site, baseLoad, pv, Pick(random, 2.5, 3.5, 5), 20 + (random.NextDouble() * 3))
                {
                    LossKwPerC = 0.1 + (random.NextDouble() * 0.2),
                    HouseKwhPerC = 1.5 + (random.NextDouble() * 2.5),
                },
            });
        }

        return devices;
    }

    private static double Pick(Random random, params double[] values) => values[random.Next(values.Length)];
}
