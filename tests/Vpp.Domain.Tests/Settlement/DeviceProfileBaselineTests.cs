using Vpp.Domain.Forecasting;
using Vpp.Domain.Settlement;

namespace Vpp.Domain.Tests.Settlement;

public sealed class DeviceProfileBaselineTests
{
    private static readonly TimeZoneInfo Pacific = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public void A_battery_that_would_have_discharged_into_its_home_has_that_as_its_baseline_by_local_quarter_hour()
    {
        // Weekdays it covers the home from 17:00 (−1.5 kW), weekends from 18:00 (−2 kW).
        var weekday = Enumerable.Range(0, PowerProfile.QuartersPerDay).Select(q => q >= 68 ? -1.5 : 0.5).ToArray();
        var weekend = Enumerable.Range(0, PowerProfile.QuartersPerDay).Select(q => q >= 72 ? -2.0 : 0.5).ToArray();
        var profile = new PowerProfile(14, weekday, weekend);

        var wednesday = DeviceProfileBaseline.Estimate(profile, SettlementHistory.LocalUtc(Pacific, 2026, 7, 15, 16), 8, TimeSpan.FromMinutes(15), Pacific, out _)!;
        var saturday = DeviceProfileBaseline.Estimate(profile, SettlementHistory.LocalUtc(Pacific, 2026, 7, 18, 17), 8, TimeSpan.FromMinutes(15), Pacific, out _)!;

        Assert.Equal([0.125, 0.125, 0.125, 0.125, -0.375, -0.375, -0.375, -0.375], wednesday.IntervalKwh);
        Assert.Equal([0.125, 0.125, 0.125, 0.125, -0.5, -0.5, -0.5, -0.5], saturday.IntervalKwh);
        Assert.Equal("learned from 14 days", wednesday.Note);
    }

    [Fact]
    public void A_device_with_nothing_learned_has_no_estimate()
    {
        Assert.Null(DeviceProfileBaseline.Estimate(null, SettlementHistory.LocalUtc(Pacific, 2026, 7, 15, 16), 4, TimeSpan.FromMinutes(15), Pacific, out var insufficient));
        Assert.NotNull(insufficient);
    }
}
