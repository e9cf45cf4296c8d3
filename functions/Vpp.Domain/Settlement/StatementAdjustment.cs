namespace Vpp.Domain.Settlement;

/// <summary>
/// A correction to a month already approved (late telemetry, corrected terms): the month is settled again and what
/// each enrolment's recomputed statement differs from its approved one by becomes an adjustment line in the next run.
/// The approved run stays as it was paid; an enrolment whose total did not change gets no line.
/// </summary>
public static class StatementAdjustment
{
    public static IReadOnlyList<StatementLine> Lines(SettlementRun approved, IReadOnlyList<CustomerStatement> recomputed, string customerId)
    {
        ArgumentNullException.ThrowIfNull(approved);
        ArgumentNullException.ThrowIfNull(recomputed);
        if (approved.Status is not (SettlementRunStatus.Approved or SettlementRunStatus.PaidOut or SettlementRunStatus.Completed))
        {
            throw new ArgumentException($"run {approved.RunId} v{approved.Version} is {approved.Status}: only an approved month is adjusted", nameof(approved));
        }

        var before = Totals(approved.Statements, customerId);
        var after = Totals(recomputed, customerId);
        return [.. before.Keys.Union(after.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal)
            .Select(deviceId => (deviceId, Difference: after.GetValueOrDefault(deviceId) - before.GetValueOrDefault(deviceId)))
            .Where(d => d.Difference != 0)
            .Select(d => new StatementLine(StatementLineKind.Adjustment, null,
                $"correction of {approved.Month:yyyy-MM} (run v{approved.Version}) for {d.deviceId}: {before.GetValueOrDefault(d.deviceId):0.00} paid, {after.GetValueOrDefault(d.deviceId):0.00} due",
                1, "correction", null, d.Difference))];
    }

    private static Dictionary<string, decimal> Totals(IEnumerable<CustomerStatement> statements, string customerId) =>
        statements.Where(s => s.CustomerId == customerId).SelectMany(s => s.Enrolments).GroupBy(e => e.DeviceId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(e => e.Total), StringComparer.Ordinal);
}
