using Vpp.Domain.Devices;
using Vpp.Domain.Settlement;

namespace Vpp.Functions.Settlement;

/// <summary>
/// A version of a program's settlement terms on the wire (its effective date is in the route). Rates in $ per kW-month
/// and per kWh; caps and the minimum payout in dollars; the baseline's day-of adjustment window in hours before the
/// event's start (−4 to −1 by default) with its ratio cap (0.8–1.2).
/// </summary>
public sealed record SettlementTermsBody(
    decimal? CapacityRatePerKwMonth,
    decimal? EnergyRatePerKwh,
    BaselineBody? Baseline,
    CommitmentBasis? Commitment,
    double? NameplateShare,
    double? PerformanceFloor,
    decimal? ClawbackPerKwMonth,
    bool? EnergyCreditForTestEvents,
    decimal? EventCap,
    decimal? MonthCap,
    decimal? YearCap,
    int? MinimumEventsForCapacity,
    IReadOnlyList<SeasonalCapacityRate>? Seasons,
    decimal? MinimumPayout)
{
    /// <summary>The terms from <paramref name="effectiveFrom"/>, or the required fields missing (the domain validates the rest).</summary>
    public (SettlementTerms? Terms, IReadOnlyList<FieldError> Errors) ToTerms(DateOnly effectiveFrom)
    {
        var errors = new List<FieldError>();
        if (CapacityRatePerKwMonth is null)
        {
            errors.Add(new FieldError("capacityRatePerKwMonth", "required: $ per kW-month (0 for none)"));
        }

        if (EnergyRatePerKwh is null)
        {
            errors.Add(new FieldError("energyRatePerKwh", "required: $ per kWh (0 for none)"));
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var adjustment = Baseline?.Adjustment is { } a
            ? new DayOfAdjustment(Hours(a.FromHours ?? -4), Hours(a.UntilHours ?? -1), a.MinRatio ?? 0.8, a.MaxRatio ?? 1.2)
            : DayOfAdjustment.Default;
        var rule = new BaselineRule(Baseline?.Method ?? BaselineMethod.TenInTen, adjustment, Baseline?.HighestDays ?? 5, Baseline?.OfDays ?? 10, Baseline?.MeterBeforeMinutes ?? 30);
        return (new SettlementTerms(effectiveFrom, CapacityRatePerKwMonth!.Value, EnergyRatePerKwh!.Value, rule, Commitment ?? CommitmentBasis.NameplateShare, NameplateShare ?? 0.5,
            PerformanceFloor, ClawbackPerKwMonth ?? 0, EnergyCreditForTestEvents ?? false, EventCap, MonthCap, YearCap, MinimumEventsForCapacity ?? 0, Seasons, MinimumPayout ?? 0), []);
    }

    /// <summary>
    /// Hours as a span, held within two days either way: the domain refuses a window reaching past 24 hours all the same,
    /// and a number like 1e300 would overflow the conversion before it could.
    /// </summary>
    private static TimeSpan Hours(double hours) => TimeSpan.FromHours(Math.Clamp(hours, -48, 48));

    public static SettlementTermsBody Of(SettlementTerms terms)
    {
        ArgumentNullException.ThrowIfNull(terms);
        var a = terms.Baseline.Adjustment;
        return new SettlementTermsBody(terms.CapacityRatePerKwMonth, terms.EnergyRatePerKwh,
            new BaselineBody(terms.Baseline.Method, new AdjustmentBody(a.From.TotalHours, a.Until.TotalHours, a.MinRatio, a.MaxRatio), terms.Baseline.HighestDays, terms.Baseline.OfDays, terms.Baseline.MeterBeforeMinutes),
            terms.Commitment, terms.NameplateShare, terms.PerformanceFloor, terms.ClawbackPerKwMonth, terms.EnergyCreditForTestEvents, terms.EventCap, terms.MonthCap, terms.YearCap,
            terms.MinimumEventsForCapacity, terms.Seasons, terms.MinimumPayout);
    }
}
