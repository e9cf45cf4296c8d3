namespace Vpp.Application.Settlement;

/// <summary>
/// What a transfer attempt came to: the provider's transfer id, or a failure with its code and message and whether a
/// later retry may succeed (a timeout or a provider error may; a declined or restricted account will not until someone acts).
/// </summary>
public sealed record TransferOutcome(string? TransferId, string? FailureCode, string? FailureMessage, bool Retryable)
{
    public bool Succeeded => TransferId is not null;

    public static TransferOutcome Paid(string transferId) => new(transferId, null, null, false);

    public static TransferOutcome Failed(string code, string message, bool retryable) => new(null, code, message, retryable);
}
