using System.Globalization;
using System.Text.Json.Nodes;
using Vpp.Domain.Devices;

namespace Vpp.DeviceSim.Physics;

/// <summary>A pushed plan as a device keeps it: from a start, one power fraction of its rating per interval.</summary>
internal sealed record FollowedSchedule(string? PlanId, DateTimeOffset Start, TimeSpan Interval, double[] Fractions)
{
    /// <summary>Reads a <c>schedule</c> or <c>dayAheadSchedule</c> desired property for one device type; null if unreadable.</summary>
    public static FollowedSchedule? Read(JsonObject schedule, DeviceType type)
    {
        var fractions = schedule["powerFractionByType"]?[type.ToWire()] as JsonArray;
        return DateTimeOffset.TryParse(schedule["startUtc"]?.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var start) &&
               schedule["intervalMinutes"]?.GetValue<int>() is > 0 and var minutes && fractions is not null
            ? new FollowedSchedule(schedule["planId"]?.GetValue<string>(), start, TimeSpan.FromMinutes(minutes), [.. fractions.Select(f => Math.Clamp(f?.GetValue<double>() ?? 0, -1, 1))])
            : null;
    }

    /// <summary>The fraction for the interval holding <paramref name="at"/> and the device's draw for it; null outside the plan.</summary>
    public ScheduledPower? At(DateTimeOffset at, string deviceId)
    {
        if (at < Start)
        {
            return null;
        }

        var index = (int)((at - Start) / Interval);
        return index < Fractions.Length
            ? new ScheduledPower(Fractions[index], DispatchDraw.Uniform(deviceId, PlanId ?? string.Empty, Start + (index * Interval)))
            : null;
    }
}
