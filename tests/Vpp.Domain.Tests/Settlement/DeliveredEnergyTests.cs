using CsCheck;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Settlement;
using static Vpp.Domain.Tests.Settlement.SettlementBuilders;

namespace Vpp.Domain.Tests.Settlement;

public sealed class DeliveredEnergyTests
{
    private static readonly TimeSpan Quarter = TimeSpan.FromMinutes(15);

    [Fact]
    public void A_reduction_counts_what_fell_below_the_baseline_and_an_increase_what_rose_above_it()
    {
        double[] baseline = [1, 1, 1, 1];
        double[] actual = [0.25, 1.5, 1, -0.5];

        Assert.Equal([0.75, 0, 0, 1.5], DeliveredEnergy.PerInterval(baseline, actual, DispatchEventKind.Reduce, 10, Quarter));
        Assert.Equal([0, 0.5, 0, 0], DeliveredEnergy.PerInterval(baseline, actual, DispatchEventKind.Increase, 10, Quarter));
        Assert.Equal([0.75, 0, 0, 1.25], DeliveredEnergy.PerInterval(baseline, actual, DispatchEventKind.Reduce, 5, Quarter));
    }

    [Fact]
    public void Delivered_energy_is_never_negative_nor_more_than_the_device_can_swing_in_the_window()
    {
        var series = Gen.Double[-50, 50].Array[1, 24];
        Gen.Select(series, series, Gen.Double[0, 30], Gen.Enum<DispatchEventKind>()).Sample((baseline, actual, swingKw, kind) =>
        {
            var n = Math.Min(baseline.Length, actual.Length);
            var delivered = DeliveredEnergy.PerInterval(baseline[..n], actual[..n], kind, swingKw, Quarter);
            return delivered.All(kwh => kwh >= 0 && kwh <= (swingKw * Quarter.TotalHours) + 1e-12);
        });
    }

    [Fact]
    public void A_statement_is_the_sum_of_its_lines_and_its_credits_never_exceed_what_was_delivered_at_the_rate_or_the_caps()
    {
        var events = Gen.Select(Gen.Double[0, 40], Gen.Int[1, 6], Gen.Bool).Array[0, 6];
        Gen.Select(events, Gen.Decimal[0, 30], Gen.Decimal[0, 3], Gen.Decimal[20, 500].Select(SettlementRounding.ToCents).Nullable()).Sample((drawn, capacityRate, energyRate, monthCap) =>
        {
            var settled = drawn.Select((e, i) => Delivered($"e{i}", i + 1, e.Item2, e.Item1, e.Item3)).ToList();
            var terms = Terms(SettlementRounding.ToCents(capacityRate), SettlementRounding.ToCents(energyRate)) with { MonthCap = monthCap, EnergyCreditForTestEvents = true };
            var statement = Settle(terms, settled);
            var energy = statement.Lines.Where(l => l.Kind == StatementLineKind.Energy).Sum(l => l.Amount);
            var paidFor = settled.Sum(e => MonthlySettlement.CreditedKwh(e, statement.CommittedKw)) * terms.EnergyRatePerKwh;
            return statement.Total == statement.Lines.Sum(l => l.Amount)
                && statement.Lines.All(l => l.Amount == decimal.Round(l.Amount, 2))
                && energy <= paidFor + (0.005m * settled.Count)
                && statement.PerformanceFactor is null or (>= 0 and <= 1)
                && (monthCap is null || statement.Total <= monthCap);
        });
    }
}
