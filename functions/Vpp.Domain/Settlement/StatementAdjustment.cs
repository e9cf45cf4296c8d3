namespace Vpp.Domain.Settlement;

/// <summary>
/// A correction of a month already approved (late telemetry, corrected terms), carried on a later run's statement:
/// the month is settled again and what a device is now due for it differs from what was settled (the approved
/// statement plus earlier corrections) by <see cref="Amount"/>. Approved runs are never edited.
/// </summary>
public sealed record StatementAdjustment(DateOnly CorrectedMonth, string CustomerId, string DeviceId, decimal Settled, decimal Due)
{
    public decimal Amount => Due - Settled;

    public StatementLine Line => new(StatementLineKind.Adjustment, null,
        FormattableString.Invariant($"correction of {CorrectedMonth:yyyy-MM} for {DeviceId}: {Settled:0.00} settled, {Due:0.00} due"), 1, "correction", null, Amount);

    /// <summary>
    /// What each device settled for <paramref name="month"/>: its approved statement and the corrections of that month
    /// carried since in <paramref name="later"/> (other months' corrections are left out).
    /// </summary>
    public static IReadOnlyDictionary<string, decimal> SettledByDevice(DateOnly month, IEnumerable<CustomerStatement> approved, IEnumerable<CustomerStatement> later)
    {
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(later);
        var settled = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var enrolment in approved.SelectMany(s => s.Enrolments))
        {
            settled[enrolment.DeviceId] = settled.GetValueOrDefault(enrolment.DeviceId) + enrolment.Total;
        }

        foreach (var adjustment in later.SelectMany(s => s.Adjustments).Where(a => a.CorrectedMonth == month))
        {
            settled[adjustment.DeviceId] = settled.GetValueOrDefault(adjustment.DeviceId) + adjustment.Amount;
        }

        return settled;
    }

    /// <summary>
    /// The month settled again against what was settled: one adjustment per device whose amount changed (a device
    /// settled for the first time is due all of it). A device that is no longer enrolled is not settled again, so its
    /// approved statement stands.
    /// </summary>
    public static IReadOnlyList<StatementAdjustment> Between(DateOnly month, IReadOnlyDictionary<string, decimal> settledByDevice, IEnumerable<EnrolmentStatement> recomputed)
    {
        ArgumentNullException.ThrowIfNull(settledByDevice);
        ArgumentNullException.ThrowIfNull(recomputed);
        return [.. recomputed.GroupBy(e => (e.CustomerId, e.DeviceId))
            .Select(g => new StatementAdjustment(new DateOnly(month.Year, month.Month, 1), g.Key.CustomerId, g.Key.DeviceId, settledByDevice.GetValueOrDefault(g.Key.DeviceId), g.Sum(e => e.Total)))
            .Where(a => a.Amount != 0)
            .OrderBy(a => a.DeviceId, StringComparer.Ordinal)];
    }
}
