using Vpp.Domain.Settlement;
using static Vpp.Domain.Tests.Settlement.SettlementBuilders;

namespace Vpp.Domain.Tests.Settlement;

public sealed class SettlementTermsTests
{
    [Fact]
    public void Plain_terms_are_valid_and_each_bad_field_is_named()
    {
        var bad = Terms(capacityPerKwMonth: -1m) with
        {
            NameplateShare = 0,
            ClawbackPerKwMonth = 3m,
            EventCap = 0m,
            MonthCap = 10.005m,
            Baseline = BaselineRule.Default with { HighestDays = 11, Adjustment = new DayOfAdjustment(TimeSpan.FromHours(1), TimeSpan.FromHours(2)) },
            Seasons = [new SeasonalCapacityRate(0, 13, 1m)],
        };

        Assert.Empty(Terms().Validate());
        Assert.Equal(
            ["capacityRatePerKwMonth", "nameplateShare", "clawbackPerKwMonth", "eventCap", "monthCap", "baseline.highestDays", "baseline.adjustment", "seasons[0]"],
            bad.Validate().Select(e => e.Field));
    }

    [Fact]
    public void The_version_in_force_is_the_latest_that_took_effect_and_none_before_the_first()
    {
        var history = new SettlementTermsHistory([Terms(20m) with { EffectiveFrom = new DateOnly(2026, 6, 10) }, Terms(10m)]);

        Assert.Null(history.InForceOn(new DateOnly(2025, 12, 31)));
        Assert.Equal(10m, history.InForceOn(new DateOnly(2026, 6, 9))!.CapacityRatePerKwMonth);
        Assert.Equal(20m, history.InForceOn(new DateOnly(2026, 6, 10))!.CapacityRatePerKwMonth);
        Assert.Throws<ArgumentException>(() => new SettlementTermsHistory([Terms(), Terms(5m)]));
        Assert.Throws<ArgumentException>(() => new SettlementTermsHistory([]));
    }

    [Fact]
    public void A_missing_pledge_falls_back_to_the_nameplate_share_and_says_so()
    {
        var pledged = CommittedCapacity.Of(Terms() with { Commitment = CommitmentBasis.Pledge }, Enrolment() with { PledgedKw = 3.2 });
        var unpledged = CommittedCapacity.Of(Terms() with { Commitment = CommitmentBasis.Pledge }, Enrolment());
        var overPledged = CommittedCapacity.Of(Terms() with { Commitment = CommitmentBasis.Pledge }, Enrolment() with { PledgedKw = 50 });

        Assert.Equal(new CommittedCapacity(3.2m, "pledged"), pledged);
        Assert.Equal(new CommittedCapacity(4m, "0.5 of 8 kW nameplate (no pledge recorded)"), unpledged);
        Assert.Equal(8m, overPledged.Kw);
    }
}
