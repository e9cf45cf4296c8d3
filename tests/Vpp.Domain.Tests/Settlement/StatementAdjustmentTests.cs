using Vpp.Domain.Settlement;
using static Vpp.Domain.Tests.Settlement.SettlementBuilders;

namespace Vpp.Domain.Tests.Settlement;

public sealed class StatementAdjustmentTests
{
    private static readonly DateOnly July = June.AddMonths(1);

    [Fact]
    public void Late_telemetry_for_an_approved_month_becomes_an_adjustment_for_the_difference()
    {
        var approved = CustomerStatement.Group([Settle(Terms(), [Delivered("e1", 5, 2, 4)])], June);
        var corrected = Settle(Terms(), [Delivered("e1", 5, 2, 6)]);

        var adjustment = Assert.Single(StatementAdjustment.Between(June, StatementAdjustment.SettledByDevice(June, approved, []), [corrected]));

        // Factor 0.5 → 0.75: capacity $20 → $30, energy $4 → $6.
        Assert.Equal((June, "cust-1", "dev-1", 24.00m, 36.00m, 12.00m), (adjustment.CorrectedMonth, adjustment.CustomerId, adjustment.DeviceId, adjustment.Settled, adjustment.Due, adjustment.Amount));
        Assert.Equal((StatementLineKind.Adjustment, 12.00m, "correction of 2026-06 for dev-1: 24.00 settled, 36.00 due"),
            (adjustment.Line.Kind, adjustment.Line.Amount, adjustment.Line.Description));
        Assert.Empty(StatementAdjustment.Between(June, StatementAdjustment.SettledByDevice(June, approved, []), approved[0].Enrolments));
    }

    [Fact]
    public void A_month_corrected_twice_adjusts_only_what_the_first_correction_left()
    {
        var approved = CustomerStatement.Group([Settle(Terms(), [Delivered("e1", 5, 2, 4)])], June);
        var first = StatementAdjustment.Between(June, StatementAdjustment.SettledByDevice(June, approved, []), [Settle(Terms(), [Delivered("e1", 5, 2, 6)])]);
        var july = new CustomerStatement("cust-1", July, []) { Adjustments = first };
        var otherMonth = new CustomerStatement("cust-1", July, []) { Adjustments = [new StatementAdjustment(June.AddMonths(-1), "cust-1", "dev-1", 0, 99)] };

        var settled = StatementAdjustment.SettledByDevice(June, approved, [july, otherMonth]);
        var again = StatementAdjustment.Between(June, settled, [Settle(Terms(), [Delivered("e1", 5, 2, 6)])]);
        var lower = Assert.Single(StatementAdjustment.Between(June, settled, [Settle(Terms(), [Delivered("e1", 5, 2, 5)])]));

        Assert.Equal(36.00m, settled["dev-1"]);
        Assert.Empty(again);
        Assert.Equal((36.00m, 30.00m, -6.00m), (lower.Settled, lower.Due, lower.Amount));
    }

    [Fact]
    public void A_device_settled_for_the_first_time_is_due_all_of_it_and_one_no_longer_enrolled_keeps_its_approved_statement()
    {
        var approved = CustomerStatement.Group([Settle(Terms(), [Delivered("e1", 5, 2, 4)])], June);
        var late = Settle(Terms(), [Delivered("e1", 5, 2, 4)], Enrolment() with { DeviceId = "dev-2", CustomerId = "cust-2" });

        var added = Assert.Single(StatementAdjustment.Between(June, StatementAdjustment.SettledByDevice(June, approved, []), [late]));

        Assert.Equal(("cust-2", "dev-2", 0m, 24.00m), (added.CustomerId, added.DeviceId, added.Settled, added.Amount));
    }

    [Fact]
    public void Adjustments_join_their_customers_statements_and_the_totals_include_them()
    {
        var july = CustomerStatement.Group([Settle(Terms(), [])], July);
        var adjustments = new[] { new StatementAdjustment(June, "cust-1", "dev-1", 24, 36), new StatementAdjustment(June, "cust-0", "dev-9", 10, 4) };

        var statements = CustomerStatement.WithAdjustments(july, adjustments, July);

        Assert.Equal(["cust-0", "cust-1"], statements.Select(s => s.CustomerId));
        Assert.Equal((-6.00m, July), (statements[0].Total, statements[0].Month));
        Assert.Equal(july[0].Total + 12.00m, statements[1].Total);
        Assert.Same(july, CustomerStatement.WithAdjustments(july, [], July));
    }
}
