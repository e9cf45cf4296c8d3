using Azure.Data.Tables;
using Vpp.Application.Settlement;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Payout accounts in <c>payoutaccounts</c>: PK = <c>account|{shard}</c> (<see cref="TableShards"/>), RK = customerId,
/// so a settlement run reads them all in one query per shard.
/// </summary>
public sealed class TablePayoutAccountStore(StorageTables tables) : IPayoutAccountStore
{
    private const string Owner = "account";

    /// <summary>The partition holding the customer's account row.</summary>
    public static string PartitionOf(string customerId) => TableShards.PartitionOf(Owner, customerId);

    public Task SaveAsync(string customerId, string connectedAccountId, CancellationToken cancellationToken) =>
        tables.PayoutAccounts.UpsertEntityAsync(new TableEntity(PartitionOf(customerId), customerId) { ["Account"] = connectedAccountId }, TableUpdateMode.Replace, cancellationToken);

    public async Task<string?> FindAsync(string customerId, CancellationToken cancellationToken) =>
        (await tables.PayoutAccounts.FindAsync(PartitionOf(customerId), customerId, cancellationToken))?.GetString("Account");

    public async Task<IReadOnlyDictionary<string, string>> ListAsync(CancellationToken cancellationToken) =>
        (await TableShards.QueryAsync(tables.PayoutAccounts, Owner, TableRows.Partition, ["RowKey", "Account"],
            row => (CustomerId: row.RowKey, Account: row.GetString("Account")), cancellationToken))
            .ToDictionary(r => r.CustomerId, r => r.Account, StringComparer.Ordinal);
}
