namespace Vpp.Functions.Settlement;

/// <summary>A payout line whose transfer failed for good: the customer, the amount (carried to the next run), the provider's code and message, the attempts made.</summary>
public sealed record FailedPayoutView(string CustomerId, decimal Amount, string? Code, string? Message, int Attempts);
