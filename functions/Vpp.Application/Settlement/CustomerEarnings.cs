namespace Vpp.Application.Settlement;

/// <summary>
/// What a customer has earned in a year from approved statements, what was transferred to them (less reversals), and
/// what is still owed (carried: no account, below the minimum, failed or reversed transfers; negative when they owe).
/// </summary>
public sealed record CustomerEarnings(string CustomerId, int Year, decimal Earned, decimal Paid, decimal Owed);
