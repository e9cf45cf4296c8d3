using Vpp.Application.Dispatch;
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
    public async Task<IReadOnlyList<CustomerStatement>> ComputeAsync(SettlementTermsHistory terms, DateOnly month, TimeZoneInfo zone,
        IReadOnlyList<SettlementEnrolment> enrolments, IReadOnlyList<(DispatchEvent Event, DispatchReport Report)> events, IReadOnlySet<DateOnly> eventDays,
        IReadOnlyDictionary<string, decimal> yearToDateByDevice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(enrolments);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(yearToDateByDevice);
        var parts = events.SelectMany(e => e.Report.Devices.Select(d => (e.Event, Device: d))).ToLookup(p => p.Device.DeviceId, StringComparer.Ordinal);
        var statements = new List<EnrolmentStatement>(enrolments.Count);
        foreach (var enrolment in enrolments)
        {
            var settled = new List<DeviceEventSettlement>();
            foreach (var (dispatchEvent, device) in parts[enrolment.DeviceId].OrderBy(p => p.Event.StartUtc))
            {
                var rule = terms.Governing(Domain.Calendar.LocalDays.DateOf(dispatchEvent.StartUtc, zone)).Baseline;
                settled.Add(await settler.SettleAsync(dispatchEvent, device, enrolment, rule, zone, eventDays, cancellationToken));
            }

            statements.Add(MonthlySettlement.Settle(terms, enrolment, month, settled, yearToDateByDevice.GetValueOrDefault(enrolment.DeviceId)));
        }

        return CustomerStatement.Group(statements, new DateOnly(month.Year, month.Month, 1));
    }
}
