namespace Vpp.Application.Settlement;

/// <summary>
/// How runs go (configuration section <c>Settlement</c>): runs start <see cref="StartDaysAfterMonthEnd"/> days after a
/// month ends; a draft waiting longer than <see cref="ReminderHours"/> reminds its managers, and again each such
/// period; at most <see cref="BatchConcurrency"/> batches are computed or paid at once, and a batch pays
/// <see cref="PayoutConcurrency"/> transfers at once; a transfer failing with a retryable error is
/// tried <see cref="MaxTransferAttempts"/> times before its line is marked failed.
/// </summary>
public sealed record SettlementSettings
{
    public int StartDaysAfterMonthEnd { get; init; } = 5;

    public double ReminderHours { get; init; } = 48;

    public int BatchSize { get; init; } = SettlementRunRequest.DefaultBatchSize;

    public int BatchConcurrency { get; init; } = SettlementRunRequest.DefaultBatchConcurrency;

    public int PayoutConcurrency { get; init; } = 8;

    public int MaxTransferAttempts { get; init; } = 5;
}
