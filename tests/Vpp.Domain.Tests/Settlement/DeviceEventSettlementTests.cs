using Vpp.Domain.Dispatch;
using Vpp.Domain.Settlement;

namespace Vpp.Domain.Tests.Settlement;

public sealed class DeviceEventSettlementTests
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    private static readonly BaselineChoice NoBaseline = new(null, "10-in-10: 2 like days; 5 needed");

    private static readonly BaselineChoice TwoKwhAQuarter = new(new BaselineEstimate(TenInTenBaseline.Method, [2.0, 2.0, 2.0, 2.0], [], null, 1, null), null);

    private static DeviceEventSettlement Settle(BaselineChoice choice, double[] actualKwh, DateTimeOffset? optedOutUtc = null) =>
        DeviceEventSettlement.Settle("event-1", new DateOnly(2026, 6, 17), DispatchEventKind.Reduce, false, Quarter, choice, actualKwh, 8, optedOutUtc);

    [Fact]
    public void Unmetered_intervals_are_the_reason_an_event_earns_nothing_with_or_without_a_baseline()
    {
        var withBaseline = Settle(TwoKwhAQuarter, [0.5, double.NaN, 0.5, double.NaN]);
        var without = Settle(NoBaseline, [double.NaN, double.NaN, double.NaN, double.NaN]);

        Assert.Equal(("2 of 4 event intervals not metered", TenInTenBaseline.Method, 8.0, 1.0, 0.0), (withBaseline.ExcludedReason, withBaseline.Method, withBaseline.BaselineKwh, withBaseline.ActualKwh, withBaseline.DeliveredKwh));
        Assert.Equal(("4 of 4 event intervals not metered", (string?)null, 0.0, 0.0), (without.ExcludedReason, without.Method, without.BaselineKwh, without.DeliveredKwh));
        Assert.Equal(NoBaseline.FallbackReason, without.FallbackReason);
        Assert.False(without.CountsForPerformance);
    }

    [Fact]
    public void A_metered_event_without_a_baseline_says_why_and_one_with_a_baseline_is_credited_what_it_shed()
    {
        var without = Settle(NoBaseline, [0.5, 0.5, 0.5, 0.5]);
        var credited = Settle(TwoKwhAQuarter, [0.5, 0.5, 0.5, 0.5]);
        var optedOut = Settle(NoBaseline, [0.5, 0.5, 0.5, 0.5], new DateTimeOffset(2026, 6, 17, 17, 30, 0, TimeSpan.Zero));

        Assert.Equal("no baseline: 10-in-10: 2 like days; 5 needed", without.ExcludedReason);
        Assert.Equal((null, 6.0), (credited.ExcludedReason, credited.DeliveredKwh));
        Assert.True(optedOut.OptedOut && optedOut.CountsForPerformance);
    }
}
