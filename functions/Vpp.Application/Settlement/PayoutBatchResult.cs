namespace Vpp.Application.Settlement;

/// <summary>What paying a batch came to: transfers made (now or by an earlier attempt) and their sum, lines failed for good.</summary>
public sealed record PayoutBatchResult(int Paid, decimal PaidAmount, int Failed)
{
    public static readonly PayoutBatchResult None = new(0, 0, 0);

    public PayoutBatchResult Plus(PayoutBatchResult other) => new(Paid + other.Paid, PaidAmount + other.PaidAmount, Failed + other.Failed);
}
