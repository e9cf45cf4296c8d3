using System.Globalization;
using System.Text.Json.Nodes;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Tests;

/// <summary>Desired-property patches carrying a program's schedule, as <c>DispatchSignal</c> builds them.</summary>
internal static class Schedules
{
    /// <summary>22:00 on 23 November 2026 in Los Angeles (PST): cars plugged in, little hot water drawn, about 10 °C outside.</summary>
    public static readonly DateTimeOffset LosAngelesEvening = new(2026, 11, 23, 22, 0, 0, TimeSpan.FromHours(-8));

    public static JsonObject Rolling(DeviceType type, DateTimeOffset startUtc, params double[] fractions) => new()
    {
        ["schedule"] = new JsonObject
        {
            ["planId"] = "demo-intraday-" + startUtc.UtcDateTime.ToString("yyyyMMdd'T'HHmm", CultureInfo.InvariantCulture),
            ["startUtc"] = startUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["intervalMinutes"] = 15,
            ["powerFractionByType"] = new JsonObject { [type.ToWire()] = new JsonArray([.. fractions.Select(f => (JsonNode)f)]) },
        },
    };

    public static SiteEnvironment LosAngelesSite(int seed) => new(TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"), new Random(seed));

    /// <summary>Gives the device a rolling schedule of one quarter hour from <paramref name="startUtc"/> and steps it through that quarter.</summary>
    public static Reading FollowOneQuarter(SimulatedDevice device, DateTimeOffset startUtc, double fraction)
    {
        _ = device.ApplyDesired(Rolling(device.Type, startUtc, fraction));
        return device.Step(startUtc, 900);
    }
}
