namespace Vpp.Domain.Settlement;

/// <summary>
/// A customer's statement for a month: their enrolments' statements and the corrections of earlier approved months it
/// carries (<see cref="Adjustments"/>); <see cref="Total"/> is the sum of all their lines.
/// </summary>
public sealed record CustomerStatement(string CustomerId, DateOnly Month, IReadOnlyList<EnrolmentStatement> Enrolments)
{
    public IReadOnlyList<StatementAdjustment> Adjustments { get; init; } = [];

    public decimal Total => Enrolments.Sum(e => e.Total) + Adjustments.Sum(a => a.Amount);

    /// <summary>Enrolments' statements grouped by customer, in customer order.</summary>
    public static IReadOnlyList<CustomerStatement> Group(IEnumerable<EnrolmentStatement> enrolments, DateOnly month) =>
        [.. enrolments.GroupBy(e => e.CustomerId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CustomerStatement(g.Key, month, [.. g]))];

    /// <summary>
    /// The statements with each customer's adjustments added; a customer with adjustments and no statement this month
    /// gets one of their own. In customer order.
    /// </summary>
    public static IReadOnlyList<CustomerStatement> WithAdjustments(IReadOnlyList<CustomerStatement> statements, IEnumerable<StatementAdjustment> adjustments, DateOnly month)
    {
        ArgumentNullException.ThrowIfNull(statements);
        ArgumentNullException.ThrowIfNull(adjustments);
        var byCustomer = adjustments.GroupBy(a => a.CustomerId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        if (byCustomer.Count == 0)
        {
            return statements;
        }

        var first = new DateOnly(month.Year, month.Month, 1);
        var own = statements.ToDictionary(s => s.CustomerId, StringComparer.Ordinal);
        return [.. own.Keys.Union(byCustomer.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(c => (Statement: own.GetValueOrDefault(c) ?? new CustomerStatement(c, first, []), Added: byCustomer.GetValueOrDefault(c) ?? []))
            .Select(x => x.Added.Count == 0 ? x.Statement : x.Statement with { Adjustments = [.. x.Statement.Adjustments, .. x.Added] })];
    }
}
