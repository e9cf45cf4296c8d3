using Vpp.Domain.Settlement;
using static Vpp.Domain.Tests.Settlement.SettlementBuilders;

namespace Vpp.Domain.Tests.Settlement;

public sealed class StatementAdjustmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 7, 5, 9, 0, 0, TimeSpan.Zero);

    private static SettlementRun Approved(IReadOnlyList<CustomerStatement> statements) =>
        SettlementRun.Draft("prog-1", June, 1, statements, new Dictionary<string, string>(), new Dictionary<string, decimal>(), 5m, Now, "timer")
            .MoveTo(SettlementRunStatus.Approved, Now, "manager-1", "checked").Run!;

    [Fact]
    public void Late_telemetry_for_an_approved_month_becomes_an_adjustment_line_for_the_difference_and_the_approved_run_is_untouched()
    {
        var approvedStatements = CustomerStatement.Group([Settle(Terms(), [Delivered("e1", 5, 2, 4)])], June);
        var run = Approved(approvedStatements);
        var corrected = CustomerStatement.Group([Settle(Terms(), [Delivered("e1", 5, 2, 6)])], June);

        var lines = StatementAdjustment.Lines(run, corrected, "cust-1");

        // Factor 0.5 → 0.75: capacity $20 → $30, energy $4 → $6.
        var line = Assert.Single(lines);
        Assert.Equal((StatementLineKind.Adjustment, 12.00m), (line.Kind, line.Amount));
        Assert.Contains("correction of 2026-06 (run v1) for dev-1: 24.00 paid, 36.00 due", line.Description);
        Assert.Equal(24.00m, run.StatementsTotal);
        Assert.Empty(StatementAdjustment.Lines(run, approvedStatements, "cust-1"));
    }

    [Fact]
    public void Only_an_approved_month_is_adjusted()
    {
        var draft = SettlementRun.Draft("prog-1", June, 1, [], new Dictionary<string, string>(), new Dictionary<string, decimal>(), 5m, Now, "timer");

        Assert.Throws<ArgumentException>(() => StatementAdjustment.Lines(draft, [], "cust-1"));
    }
}
