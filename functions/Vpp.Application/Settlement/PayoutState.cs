namespace Vpp.Application.Settlement;

/// <summary>Where a customer's payout line is: not to be transferred (carried, rolled over), waiting, paid, failed for good, or paid and then reversed by finance.</summary>
public enum PayoutState
{
    NotTransferred,
    Pending,
    Paid,
    Failed,
    Reversed,
}
