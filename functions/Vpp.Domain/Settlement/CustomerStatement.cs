namespace Vpp.Domain.Settlement;

/// <summary>A customer's statement for a month: their enrolments' statements, and <see cref="Total"/>, the sum of their lines.</summary>
public sealed record CustomerStatement(string CustomerId, DateOnly Month, IReadOnlyList<EnrolmentStatement> Enrolments)
{
    public decimal Total => Enrolments.Sum(e => e.Total);

    /// <summary>Enrolments' statements grouped by customer, in customer order.</summary>
    public static IReadOnlyList<CustomerStatement> Group(IEnumerable<EnrolmentStatement> enrolments, DateOnly month) =>
        [.. enrolments.GroupBy(e => e.CustomerId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new CustomerStatement(g.Key, month, [.. g]))];
}
