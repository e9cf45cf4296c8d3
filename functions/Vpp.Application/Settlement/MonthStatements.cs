using Vpp.Application.Dispatch;
using Vpp.Domain.Calendar;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>
/// A program's statements for a month: every enrolment's part in each of the month's events settled from telemetry
/// (<see cref="EventSettler"/>) on the baseline of the terms in force that day, then its month settled
/// (<see cref="MonthlySettlement"/>) and grouped by customer. An enrolment no event touched still gets its capacity line.
/// </summary>
public sealed class MonthStatements(EventSettler settler)
{
    /// <summary>How many enrolments a batch settles at once.</summary>
    public const int Concurrency = 16;

    public async Task<IReadOnlyList<CustomerStatement>> ComputeAsync(SettlementTermsHistory terms, DateOnly month, TimeZoneInfo zone, HolidayCalendar holidays,
        IReadOnlyList<SettlementEnrolment> enrolments, IReadOnlyList<(DispatchEvent Event, DispatchReport Report)> events, IReadOnlySet<DateOnly> eventDays,
        IReadOnlyDictionary<string, decimal> yearToDateByDevice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(enrolments);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(yearToDateByDevice);
        var parts = events.SelectMany(e => e.Report.Devices.Select(d => (e.Event, Device: d))).ToLookup(p => p.Device.DeviceId, StringComparer.Ordinal);
        var statements = new EnrolmentStatement[enrolments.Count];

        // Each enrolment reads its own ledger partitions: a batch settles several at once, as storage allows.
        await Parallel.ForEachAsync(Enumerable.Range(0, enrolments.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var enrolment = enrolments[i];
            var own = parts[enrolment.DeviceId].OrderBy(p => p.Event.StartUtc)
                .Select(p => new EventPart(p.Event, p.Device, terms.Governing(Domain.Calendar.LocalDays.DateOf(p.Event.StartUtc, zone)).Baseline))
                .ToList();
            var settled = await settler.SettleAllAsync(enrolment, own, zone, holidays, eventDays, ct);
            statements[i] = MonthlySettlement.Settle(terms, enrolment, month, settled, yearToDateByDevice.GetValueOrDefault(enrolment.DeviceId));
        });

        return CustomerStatement.Group(statements, new DateOnly(month.Year, month.Month, 1));
    }
}
