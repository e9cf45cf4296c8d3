namespace Vpp.Domain.Settlement;

/// <summary>The ledger accounts settlement posts to.</summary>
public static class JournalAccount
{
    public const string IncentiveExpense = "program-incentive-expense";
    public const string CustomerPayable = "customer-payable";
    public const string Cash = "cash";
}
