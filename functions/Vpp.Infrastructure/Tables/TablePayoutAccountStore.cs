using Azure.Data.Tables;
using Vpp.Application.Settlement;

namespace Vpp.Infrastructure.Tables;

/// <summary>Payout accounts in <c>payoutaccounts</c>: one partition (PK = <c>account</c>), RK = customerId, so a batch of customers reads theirs in one range query.</summary>
public sealed class TablePayoutAccountStore(StorageTables tables) : IPayoutAccountStore
{
    private const string Partition = "account";

    public Task SaveAsync(string customerId, string connectedAccountId, CancellationToken cancellationToken) =>
        tables.PayoutAccounts.UpsertEntityAsync(new TableEntity(Partition, customerId) { ["Account"] = connectedAccountId }, TableUpdateMode.Replace, cancellationToken);

    public async Task<string?> FindAsync(string customerId, CancellationToken cancellationToken) =>
        (await tables.PayoutAccounts.FindAsync(Partition, customerId, cancellationToken))?.GetString("Account");

    public async Task<IReadOnlyDictionary<string, string>> ListAsync(string fromCustomer, string? untilCustomer, CancellationToken cancellationToken)
    {
        var accounts = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var row in tables.PayoutAccounts.QueryAsync<TableEntity>(TableRows.KeyRange(Partition, fromCustomer, untilCustomer), select: ["RowKey", "Account"], cancellationToken: cancellationToken))
        {
            accounts[row.RowKey] = row.GetString("Account");
        }

        return accounts;
    }
}
