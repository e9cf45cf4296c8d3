using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.Functions.Settlement;

/// <summary>
/// A customer's statement for a program's month, explained: per device, committed kW and how it was set, the
/// performance factor, each event (baseline method and why it fell back, baseline, actual and delivered kWh, why it
/// was excluded) and the capacity, energy and cap lines with their rates; the corrections of approved months it carries; and what became of the payout.
/// </summary>
public sealed record CustomerStatementView(
    string ProgramId,
    string Month,
    int Version,
    string RunStatus,
    string CustomerId,
    decimal Total,
    IReadOnlyList<EnrolmentStatement> Devices,
    IReadOnlyList<StatementAdjustment> Adjustments,
    PayoutView Payout)
{
    public static CustomerStatementView Of(string programId, DateOnly month, int version, SettlementRunStatus status, SettlementCustomerLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        return new CustomerStatementView(programId, SettlementMonth.Format(month), version, SettlementRun.Name(status), line.CustomerId, line.Statement.Total, line.Statement.Enrolments, line.Statement.Adjustments,
            PayoutView.Of(line));
    }
}
