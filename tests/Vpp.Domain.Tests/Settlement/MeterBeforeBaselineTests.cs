using Vpp.Domain.Settlement;

namespace Vpp.Domain.Tests.Settlement;

public sealed class MeterBeforeBaselineTests
{
    private static readonly DateTimeOffset Start = new(2026, 7, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void The_mean_power_of_the_minutes_before_is_the_baseline_of_every_interval()
    {
        // A battery charging 3 kW, then 1 kW in the last five minutes before a frequency event: 2 kW on average.
        var history = Enumerable.Range(1, 10).ToDictionary(k => Start - (Minute * k), k => (k <= 5 ? 1.0 : 3.0) / 60);

        var estimate = MeterBeforeBaseline.Estimate(history, Start, 2, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), Minute, out var insufficient)!;

        Assert.Null(insufficient);
        Assert.Equal("meter before", estimate.Method);
        Assert.All(estimate.IntervalKwh, kwh => Assert.Equal(2.0 * 5 / 60, kwh, 9));
    }

    [Fact]
    public void A_minute_missing_before_the_event_leaves_no_estimate_and_names_it()
    {
        var history = Enumerable.Range(1, 10).Where(k => k != 4).ToDictionary(k => Start - (Minute * k), _ => 0.05);

        var estimate = MeterBeforeBaseline.Estimate(history, Start, 2, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(10), Minute, out var insufficient);

        Assert.Null(estimate);
        Assert.Contains("2026-07-14T23:56Z", insufficient, StringComparison.Ordinal);
    }
}
