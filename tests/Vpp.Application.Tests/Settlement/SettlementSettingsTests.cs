using Vpp.Application.Settlement;

namespace Vpp.Application.Tests.Settlement;

public sealed class SettlementSettingsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(new SettlementSettings().Validate());
    }

    [Fact]
    public void A_setting_that_would_fail_every_run_or_start_none_is_named_under_its_configuration_key()
    {
        var settings = new SettlementSettings { StartDaysAfterMonthEnd = 28, ReminderHours = 0, BatchSize = 0, BatchConcurrency = 0, PayoutConcurrency = 0, MaxTransferAttempts = 0, PayoutRetrySeconds = 0 };

        Assert.Equal(
            ["Settlement:StartDaysAfterMonthEnd", "Settlement:ReminderHours", "Settlement:BatchSize", "Settlement:BatchConcurrency", "Settlement:PayoutConcurrency",
             "Settlement:MaxTransferAttempts", "Settlement:PayoutRetrySeconds"],
            settings.Validate().Select(e => e.Field));
        Assert.Equal(["Settlement:PayoutRetrySeconds"], (new SettlementSettings { PayoutRetrySeconds = 601 }).Validate().Select(e => e.Field));
        Assert.Empty(new SettlementSettings { StartDaysAfterMonthEnd = 27, PayoutRetrySeconds = 0.05 }.Validate());
    }
}
