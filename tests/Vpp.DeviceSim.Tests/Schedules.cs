using System.Globalization;
using System.Text.Json.Nodes;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Tests;

/// <summary>Desired-property patches carrying a program's schedule, as <c>DispatchSignal</c> builds them.</summary>
internal static class Schedules
{
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
}
