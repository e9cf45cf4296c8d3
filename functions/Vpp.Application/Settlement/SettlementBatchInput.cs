using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>
/// What one batch of customers is settled from, frozen when the run starts: their enrolments, and the month's events
/// with only these devices' parts of each report, and the local days of every event that held devices in the month and
/// the lookback before it (not like days for any baseline); the payout accounts of the customers in its range; and the
/// same for each approved month the run corrects. A batch that is retried or resumed after a crash settles the same inputs.
/// </summary>
public sealed record SettlementBatchInput(IReadOnlyList<SettlementEnrolment> Enrolments, IReadOnlyList<SettledEvent> Events, IReadOnlyList<DateOnly> EventDays)
{
    public IReadOnlyList<CorrectedMonthInput> Corrections { get; init; } = [];

    /// <summary>The connected account of each customer in the batch's range that had one (those carried from earlier runs too), by customer id.</summary>
    public IReadOnlyDictionary<string, string> PayoutAccounts { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}
