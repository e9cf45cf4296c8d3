using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.Application.Tests.Settlement;

public sealed class SettlementRunRecordTests
{
    private static SettlementRunRecord WithBatches(params string[] starts) =>
        new("prog-1", new DateOnly(2026, 6, 1), 1, SettlementRunStatus.Computing, SettlementRunTotals.Zero, [], starts);

    [Theory]
    [InlineData("", 0)]
    [InlineData("cust-000", 0)]
    [InlineData("cust-100", 1)]
    [InlineData("cust-150", 1)]
    [InlineData("cust-200", 2)]
    [InlineData("cust-999", 2)]
    [InlineData("dave", 2)]
    [InlineData("Zed", 0)]
    public void A_customer_is_in_the_last_batch_starting_at_or_before_their_id_in_ordinal_order(string customerId, int batch) =>
        Assert.Equal(batch, WithBatches("", "cust-100", "cust-200").BatchOf(customerId));

    [Fact]
    public void A_run_of_one_batch_holds_everyone()
    {
        Assert.Equal(0, WithBatches("").BatchOf("anyone"));
        Assert.Equal(0, WithBatches().BatchOf("anyone"));
    }
}
