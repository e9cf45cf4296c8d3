using Vpp.Domain.Forecasting;

namespace Vpp.Domain.Settlement;

/// <summary>
/// Device-measured, for batteries (as California's ELRP and DSGS battery programs pay): what the device would have done
/// undispatched in each interval is its learned draw at that local time and kind of day (<see cref="PowerProfile"/>;
/// negative where it would have been discharging into its home anyway), so only what it discharged beyond that counts.
/// A device with no learned draw yet has no estimate.
/// </summary>
public static class DeviceProfileBaseline
{
    public const string Method = "device-measured (learned undispatched draw)";

    public static BaselineEstimate? Estimate(PowerProfile? profile, DateTimeOffset startUtc, int intervals, TimeSpan interval, TimeZoneInfo zone, out string? insufficient)
    {
        if (profile is null)
        {
            insufficient = "no undispatched draw learned for the device yet";
            return null;
        }

        insufficient = null;
        // Each interval at its middle's quarter hour: an interval shorter than a quarter lies within one.
        var intervalKwh = Enumerable.Range(0, intervals).Select(k => profile.KwAt(startUtc + (interval * k) + (interval / 2), zone) * interval.TotalHours).ToArray();
        return new BaselineEstimate(Method, intervalKwh, [], null, 1, $"learned from {profile.DaysObserved} days");
    }
}
