using Vpp.Domain.Devices;

namespace Vpp.Application.Settlement;

/// <summary>
/// How runs go (configuration section <c>Settlement</c>): runs start <see cref="StartDaysAfterMonthEnd"/> days after a
/// month ends; a draft waiting longer than <see cref="ReminderHours"/> reminds its managers, and again each such
/// period; at most <see cref="BatchConcurrency"/> batches are computed or paid at once, and a batch pays
/// <see cref="PayoutConcurrency"/> transfers at once; a transfer failing with a retryable error is
/// tried <see cref="MaxTransferAttempts"/> times before its line is marked failed; a batch's payouts that still fail
/// (the store cannot record them, the provider is down) are retried from <see cref="PayoutRetrySeconds"/> on before the run is held.
/// </summary>
public sealed record SettlementSettings
{
    public int StartDaysAfterMonthEnd { get; init; } = 5;

    public double ReminderHours { get; init; } = 48;

    public int BatchSize { get; init; } = SettlementRunRequest.DefaultBatchSize;

    public int BatchConcurrency { get; init; } = SettlementRunRequest.DefaultBatchConcurrency;

    public int PayoutConcurrency { get; init; } = 8;

    public int MaxTransferAttempts { get; init; } = 5;

    /// <summary>Null: <see cref="SettlementRunRequest.DefaultPayoutRetrySeconds"/>.</summary>
    public double? PayoutRetrySeconds { get; init; }

    /// <summary>
    /// What is out of range, each under its configuration key: read at start-up, so a setting that would fail every run
    /// (or never let one start) stops the app at once rather than a run weeks later.
    /// </summary>
    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        void Check(bool valid, string name, string rule)
        {
            if (!valid)
            {
                errors.Add(new FieldError($"Settlement:{name}", rule));
            }
        }

        Check(StartDaysAfterMonthEnd is >= 0 and <= 27, nameof(StartDaysAfterMonthEnd), "0 to 27 days: a run starts within the month after");
        Check(ReminderHours > 0, nameof(ReminderHours), "more than 0 hours");
        Check(BatchSize >= 1, nameof(BatchSize), "at least 1 customer");
        Check(BatchConcurrency >= 1, nameof(BatchConcurrency), "at least 1 batch");
        Check(PayoutConcurrency >= 1, nameof(PayoutConcurrency), "at least 1 transfer");
        Check(MaxTransferAttempts >= 1, nameof(MaxTransferAttempts), "at least 1 attempt");
        Check(PayoutRetrySeconds is null or (> 0 and <= 600), nameof(PayoutRetrySeconds), "more than 0, at most 600 seconds");
        return errors;
    }
}
