using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.Functions.Settlement;

/// <summary>A run version as managers and finance read it: where it is (and, held after approval, why) and how it got there, its totals and whether they balance, the approved months it corrects, its failed payouts and its export files.</summary>
public sealed record SettlementRunView(
    string ProgramId,
    string Month,
    int Version,
    string Status,
    SettlementTransitionView? Held,
    int Enrolments,
    int Customers,
    decimal StatementsTotal,
    decimal BroughtForwardTotal,
    decimal TransfersTotal,
    decimal CarriedTotal,
    bool Balanced,
    IReadOnlyList<string> Corrects,
    IReadOnlyList<SettlementTransitionView> History,
    IReadOnlyList<FailedPayoutView> FailedPayouts,
    IReadOnlyList<string> Exports)
{
    public static SettlementRunView Of(SettlementRunRecord run, IReadOnlyList<SettlementCustomerLine> failed, IReadOnlyList<string> exports)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(failed);
        var t = run.Totals;
        return new SettlementRunView(run.ProgramId, SettlementMonth.Format(run.Month), run.Version, SettlementRun.Name(run.Status), run.Hold is { } hold ? ViewOf(hold) : null,
            run.Enrolments, t.Customers,
            t.Statements, t.BroughtForward, t.Transfers, t.Carried, run.Status != SettlementRunStatus.Computing && t.Imbalance() is null,
            [.. run.Corrections.Select(c => SettlementMonth.Format(c.Month)).Distinct()],
            [.. run.History.Select(ViewOf)],
            [.. failed.Select(l => new FailedPayoutView(l.CustomerId, l.Payout.Amount, l.FailureCode, l.FailureMessage, l.Attempts))],
            exports);
    }

    private static SettlementTransitionView ViewOf(SettlementTransition move) => new(SettlementRun.Name(move.To), move.AtUtc, move.By, move.Cause, move.Held);
}
