namespace Vpp.Application.Settlement;

/// <summary>
/// A customer's statements and earnings: their line in the latest approved version of each program's months (drafts
/// and rejected versions are not theirs to see), newest first.
/// </summary>
public sealed class CustomerSettlementQueries(ISettlementRunStore runs)
{
    public async Task<IReadOnlyList<CustomerSettlement>> StatementsAsync(string customerId, CancellationToken cancellationToken)
    {
        var approved = (await runs.ListAllAsync(cancellationToken))
            .Where(r => r.IsApproved)
            .GroupBy(r => (r.ProgramId, r.Month))
            .Select(g => g.MaxBy(r => r.Version)!)
            .OrderByDescending(r => r.Month).ThenBy(r => r.ProgramId, StringComparer.Ordinal);
        var found = new List<CustomerSettlement>();
        foreach (var run in approved)
        {
            if (await runs.FindLineAsync(run, customerId, cancellationToken) is { } line)
            {
                found.Add(new CustomerSettlement(run.ProgramId, run.Month, run.Version, run.Status, line));
            }
        }

        return found;
    }

    /// <summary>
    /// Earnings in <paramref name="year"/>: Σ statements of its months, Σ transfers made from them, and what the
    /// latest run of each program leaves carried.
    /// </summary>
    public async Task<CustomerEarnings> EarningsAsync(string customerId, int year, CancellationToken cancellationToken)
    {
        var statements = await StatementsAsync(customerId, cancellationToken);
        var inYear = statements.Where(s => s.Month.Year == year).ToList();
        var owed = statements.GroupBy(s => s.ProgramId).Sum(g => g.MaxBy(s => s.Month)!.Line.CarriedForward);
        return new CustomerEarnings(customerId, year,
            inYear.Sum(s => s.Line.Statement.Total),
            inYear.Where(s => s.Line.State == PayoutState.Paid).Sum(s => s.Line.Payout.Amount),
            owed);
    }
}
