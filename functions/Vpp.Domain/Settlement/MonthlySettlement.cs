namespace Vpp.Domain.Settlement;

/// <summary>
/// Settles one enrolment for one month on the program's terms (<see cref="SettlementTermsHistory"/>):
/// <list type="bullet">
/// <item>Performance factor: delivered kWh over committed kW × hours across the month's events that count
/// (<see cref="DeviceEventSettlement.CountsForPerformance"/>), a test event's delivery capped at committed kW × its length,
/// clamped 0–1 and rounded to four decimals.</item>
/// <item>Capacity: committed kW × the month's rate × the share of the month enrolled × the performance factor; nothing
/// when the enrolment took part in fewer events than the terms require (or than were called, when fewer were), forfeited
/// below the floor, where the clawback is charged instead.</item>
/// <item>Energy: each settled event's delivered kWh × the rate in force on its date (test events only where the terms say),
/// held to the event cap.</item>
/// <item>Caps: what the month's credits exceed the month cap by, then what exceeds the year cap after
/// <paramref name="yearToDate"/> already paid, taken back on cap lines. A clawback is never capped.</item>
/// </list>
/// </summary>
public static class MonthlySettlement
{
    public static EnrolmentStatement Settle(SettlementTermsHistory terms, SettlementEnrolment enrolment, DateOnly month, IReadOnlyList<DeviceEventSettlement> events, decimal yearToDate)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(enrolment);
        ArgumentNullException.ThrowIfNull(events);
        var first = new DateOnly(month.Year, month.Month, 1);
        var monthTerms = terms.Governing(first);
        var committed = CommittedCapacity.Of(monthTerms, enrolment);
        var factor = PerformanceFactor(events, committed.Kw);
        var lines = new List<StatementLine>();
        lines.AddRange(CapacityLines(monthTerms, enrolment, first, committed.Kw, factor, events));
        lines.AddRange(events.Where(e => e.ExcludedReason is null).Select(e => EnergyLine(terms.Governing(e.LocalDate), e, committed.Kw)));
        lines.AddRange(CapLines(monthTerms, lines, yearToDate));
        return new EnrolmentStatement(enrolment.DeviceId, enrolment.CustomerId, first, committed.Kw, committed.Basis, factor, events, lines);
    }

    /// <summary>A test event pays for at most committed kW × its length (as the Con Edison DLM agreement caps its test events).</summary>
    public static decimal CreditedKwh(DeviceEventSettlement settled, decimal committedKw)
    {
        ArgumentNullException.ThrowIfNull(settled);
        var delivered = SettlementRounding.ToThousandths(settled.DeliveredKwh);
        return settled.IsTest ? Math.Min(delivered, committedKw * SettlementRounding.ToThousandths(settled.Hours)) : delivered;
    }

    private static decimal? PerformanceFactor(IReadOnlyList<DeviceEventSettlement> events, decimal committedKw)
    {
        var counted = events.Where(e => e.CountsForPerformance).ToList();
        var committedKwh = counted.Sum(e => committedKw * SettlementRounding.ToThousandths(e.Hours));
        if (counted.Count == 0 || committedKwh <= 0)
        {
            return null;
        }

        return Math.Round(Math.Clamp(counted.Sum(e => CreditedKwh(e, committedKw)) / committedKwh, 0m, 1m), 4, MidpointRounding.ToEven);
    }

    private static IEnumerable<StatementLine> CapacityLines(SettlementTerms terms, SettlementEnrolment enrolment, DateOnly first, decimal committedKw, decimal? factor, IReadOnlyList<DeviceEventSettlement> events)
    {
        var days = enrolment.DaysEnrolledIn(first);
        var daysInMonth = DateTime.DaysInMonth(first.Year, first.Month);
        if (days == 0 || committedKw == 0)
        {
            yield break;
        }

        var share = (decimal)days / daysInMonth;
        var rate = terms.CapacityRateFor(first.Month);
        var called = events.Count(e => e.CountsForPerformance);
        var required = Math.Min(terms.MinimumEventsForCapacity, called);
        var tookPart = events.Count(e => e.ExcludedReason is null);
        var enrolled = days == daysInMonth ? string.Empty : $", enrolled {days} of {daysInMonth} days";
        if (tookPart < required)
        {
            yield return new(StatementLineKind.Capacity, null, $"took part in {tookPart} of the {required} events required: no capacity credit", committedKw, "kW-month", rate, 0);
        }
        else if (factor is { } pf && terms.PerformanceFloor is { } floor && pf < (decimal)floor)
        {
            yield return new(StatementLineKind.Capacity, null, $"performance factor {pf:0.####} below the floor of {floor:0.####}: capacity credit forfeited", committedKw, "kW-month", rate, 0);
            if (terms.ClawbackPerKwMonth > 0)
            {
                yield return new(StatementLineKind.Clawback, null, $"clawback below the performance floor{enrolled}", committedKw, "kW-month",
                    terms.ClawbackPerKwMonth, -SettlementRounding.ToCents(committedKw * terms.ClawbackPerKwMonth * share));
            }
        }
        else
        {
            var performance = factor is { } pf2 ? $"performance factor {pf2:0.####}" : "no events: paid for availability";
            yield return new(StatementLineKind.Capacity, null, $"capacity, {performance}{enrolled}", committedKw, "kW-month", rate,
                SettlementRounding.ToCents(committedKw * rate * share * (factor ?? 1m)));
        }
    }

    private static StatementLine EnergyLine(SettlementTerms terms, DeviceEventSettlement settled, decimal committedKw)
    {
        var kwh = CreditedKwh(settled, committedKw);
        var method = settled.FallbackReason is null ? settled.Method : $"{settled.Method}, as {settled.FallbackReason}";
        if (settled.IsTest && !terms.EnergyCreditForTestEvents)
        {
            return new(StatementLineKind.Energy, settled.EventId, $"test event, no energy credit ({method})", kwh, "kWh", 0, 0);
        }

        var amount = SettlementRounding.ToCents(kwh * terms.EnergyRatePerKwh);
        var capped = terms.EventCap is { } cap && amount > cap;
        var testCap = settled.IsTest && kwh < SettlementRounding.ToThousandths(settled.DeliveredKwh) ? ", test event held to committed kW × its length" : string.Empty;
        return new(StatementLineKind.Energy, settled.EventId, $"energy delivered ({method}){testCap}{(capped ? $", held to the event cap of {terms.EventCap:0.00}" : string.Empty)}",
            kwh, "kWh", terms.EnergyRatePerKwh, capped ? terms.EventCap!.Value : amount);
    }

    private static IEnumerable<StatementLine> CapLines(SettlementTerms terms, List<StatementLine> lines, decimal yearToDate)
    {
        var credits = lines.Where(l => l.Kind is StatementLineKind.Capacity or StatementLineKind.Energy).Sum(l => l.Amount);
        if (terms.MonthCap is { } monthCap && credits > monthCap)
        {
            yield return new(StatementLineKind.Cap, null, $"month cap of {monthCap:0.00}", 1, "month", null, monthCap - credits);
            credits = monthCap;
        }

        if (terms.YearCap is { } yearCap && credits > Math.Max(0, yearCap - yearToDate))
        {
            var room = Math.Max(0, yearCap - yearToDate);
            yield return new(StatementLineKind.Cap, null, $"year cap of {yearCap:0.00}, {yearToDate:0.00} paid before this month", 1, "year", null, room - credits);
        }
    }
}
