using Vpp.Application.Settlement;

namespace Vpp.Functions.Settlement;

/// <summary>A customer's statement in a list: its total, how many devices and events it settles, and its payout.</summary>
public sealed record StatementSummaryView(string CustomerId, decimal Total, int Devices, int Events, PayoutView Payout)
{
    public static StatementSummaryView Of(SettlementCustomerLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var enrolments = line.Statement.Enrolments;
        return new StatementSummaryView(line.CustomerId, line.Statement.Total, enrolments.Count,
            enrolments.SelectMany(e => e.Events).Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count(), PayoutView.Of(line));
    }
}
