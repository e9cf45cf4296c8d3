namespace Vpp.Domain.Settlement;

/// <summary>
/// An enrolment's settlement for a month: committed kW and how it was set, the performance factor (none when no event
/// counted: the capacity is then paid in full for being available), each event explained, and the lines whose sum is the total.
/// </summary>
public sealed record EnrolmentStatement(
    string DeviceId,
    string CustomerId,
    DateOnly Month,
    decimal CommittedKw,
    string CommitmentBasis,
    decimal? PerformanceFactor,
    IReadOnlyList<DeviceEventSettlement> Events,
    IReadOnlyList<StatementLine> Lines)
{
    public decimal Total => Lines.Sum(l => l.Amount);
}
