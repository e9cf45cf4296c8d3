using Vpp.Domain.Devices;

namespace Vpp.Domain.Settlement;

/// <summary>
/// A program's settlement terms from <see cref="EffectiveFrom"/> (a local date) until the next version's: the capacity
/// rate in $/kW-month (a season's rate where one covers the month), how committed kW is set, the performance factor's
/// floor below which the month's capacity credit is forfeited and <see cref="ClawbackPerKwMonth"/> is charged, the energy
/// rate in $/kWh and whether test events earn it, caps per event, month and year (dollars per enrolment), the events an
/// enrolment must take part in for a capacity credit, the baseline, and the least a transfer pays (less rolls over).
/// </summary>
public sealed record SettlementTerms(
    DateOnly EffectiveFrom,
    decimal CapacityRatePerKwMonth,
    decimal EnergyRatePerKwh,
    BaselineRule Baseline,
    CommitmentBasis Commitment = CommitmentBasis.NameplateShare,
    double NameplateShare = 0.5,
    double? PerformanceFloor = null,
    decimal ClawbackPerKwMonth = 0,
    bool EnergyCreditForTestEvents = false,
    decimal? EventCap = null,
    decimal? MonthCap = null,
    decimal? YearCap = null,
    int MinimumEventsForCapacity = 0,
    IReadOnlyList<SeasonalCapacityRate>? Seasons = null,
    decimal MinimumPayout = 0)
{
    /// <summary>The rate for a month: the first season covering it, else the flat rate.</summary>
    public decimal CapacityRateFor(int month) => Seasons?.FirstOrDefault(s => s.Covers(month))?.PerKwMonth ?? CapacityRatePerKwMonth;

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        void Require(bool ok, string field, string message)
        {
            if (!ok)
            {
                errors.Add(new FieldError(field, message));
            }
        }

        const decimal MaxRate = 10_000;
        Require(CapacityRatePerKwMonth is >= 0 and <= MaxRate, "capacityRatePerKwMonth", $"between 0 and {MaxRate} $/kW-month");
        Require(EnergyRatePerKwh is >= 0 and <= MaxRate, "energyRatePerKwh", $"between 0 and {MaxRate} $/kWh");
        Require(NameplateShare is > 0 and <= 1, "nameplateShare", "more than 0 and at most 1");
        Require(PerformanceFloor is null or (> 0 and <= 1), "performanceFloor", "more than 0 and at most 1, or left out for none");
        Require(ClawbackPerKwMonth is >= 0 and <= MaxRate, "clawbackPerKwMonth", $"between 0 and {MaxRate} $/kW-month");
        Require(ClawbackPerKwMonth == 0 || PerformanceFloor is not null, "clawbackPerKwMonth", "a clawback needs a performance floor below which it is charged");
        foreach (var (cap, field) in new[] { (EventCap, "eventCap"), (MonthCap, "monthCap"), (YearCap, "yearCap") })
        {
            Require(cap is null || (cap > 0 && cap == SettlementRounding.ToCents(cap.Value)), field, "more than 0 in whole cents, or left out for none");
        }

        Require(MinimumPayout >= 0 && MinimumPayout <= MaxRate && MinimumPayout == SettlementRounding.ToCents(MinimumPayout), "minimumPayout", $"between 0 and {MaxRate} in whole cents");
        Require(MinimumEventsForCapacity is >= 0 and <= 100, "minimumEventsForCapacity", "between 0 and 100");
        Require(Enum.IsDefined(Commitment), "commitment", "nameplateShare, pledge or measured");
        Require(Baseline is not null && Enum.IsDefined(Baseline.Method), "baseline.method", "tenInTen, highXOfY, meterBefore or deviceMeasured");
        if (Baseline is not null)
        {
            errors.AddRange(Baseline.Validate("baseline"));
        }

        foreach (var (season, i) in (Seasons ?? []).Select((s, i) => (s, i)))
        {
            if (season is null)
            {
                errors.Add(new FieldError($"seasons[{i}]", "a season: firstMonth, lastMonth (1 to 12) and perKwMonth"));
                continue;
            }

            Require(season.FirstMonth is >= 1 and <= 12 && season.LastMonth is >= 1 and <= 12, $"seasons[{i}]", "months 1 to 12");
            Require(season.PerKwMonth is >= 0 and <= MaxRate, $"seasons[{i}].perKwMonth", $"between 0 and {MaxRate} $/kW-month");
        }

        return errors;
    }
}
