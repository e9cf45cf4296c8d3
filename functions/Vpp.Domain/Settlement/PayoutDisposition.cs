namespace Vpp.Domain.Settlement;

/// <summary>What happens to what a run owes a customer.</summary>
public enum PayoutDisposition
{
    /// <summary>Transferred to their connected account.</summary>
    Transfer,

    /// <summary>Below the program's minimum: rolled over to the next run.</summary>
    RolledOver,

    /// <summary>No payout account on record: carried as payable until there is one.</summary>
    CarriedNoAccount,

    /// <summary>Nothing, or less than nothing (a clawback beyond the month's credits): carried against future credits.</summary>
    CarriedOwed,
}
