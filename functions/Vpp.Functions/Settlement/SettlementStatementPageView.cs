using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.Functions.Settlement;

/// <summary>One page of a run version's statements, by customer id: a page is one of the run's batches.</summary>
public sealed record SettlementStatementPageView(
    string ProgramId, string Month, int Version, string RunStatus, int Page, int Pages, IReadOnlyList<StatementSummaryView> Statements)
{
    public static SettlementStatementPageView Of(SettlementRunRecord run, int page, int pages, IReadOnlyList<SettlementCustomerLine> lines)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(lines);
        return new SettlementStatementPageView(run.ProgramId, SettlementMonth.Format(run.Month), run.Version, SettlementRun.Name(run.Status), page, pages,
            [.. lines.Select(StatementSummaryView.Of)]);
    }
}
