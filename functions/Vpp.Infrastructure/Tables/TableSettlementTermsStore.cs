using Azure.Data.Tables;
using Vpp.Application.Settlement;
using Vpp.Domain.Settlement;

namespace Vpp.Infrastructure.Tables;

/// <summary>Settlement terms in <c>settlementterms</c>: PK = programId, RK = the effective date (yyyy-MM-dd, so rows come in date order), the version as JSON.</summary>
public sealed class TableSettlementTermsStore(StorageTables tables) : ISettlementTermsStore
{
    public Task SaveAsync(string programId, SettlementTerms terms, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(terms);
        return tables.SettlementTerms.UpsertEntityAsync(
            new TableEntity(programId, terms.EffectiveFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)) { ["Terms"] = StoredJson.Write(terms) },
            TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<SettlementTerms>> ListAsync(string programId, CancellationToken cancellationToken) =>
        await StoredJson.ReadAllAsync<SettlementTerms>(tables.SettlementTerms.QueryAsync<TableEntity>(TableRows.Partition(programId), select: ["Terms"], cancellationToken: cancellationToken), "Terms");
}
