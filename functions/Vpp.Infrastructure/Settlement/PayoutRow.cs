using CsvHelper;
using Parquet.Serialization.Attributes;

namespace Vpp.Infrastructure.Settlement;

/// <summary>One payout line as finance reads it (docs/settlement-exports.md).</summary>
[CsvRecord]
public sealed partial class PayoutRow
{
    public string RunId { get; set; } = string.Empty;

    public int Version { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public string? ConnectedAccountId { get; set; }

    [ParquetDecimal(18, 2)]
    public decimal StatementTotal { get; set; }

    [ParquetDecimal(18, 2)]
    public decimal BroughtForward { get; set; }

    [ParquetDecimal(18, 2)]
    public decimal Amount { get; set; }

    public string Disposition { get; set; } = string.Empty;

    public string IdempotencyKey { get; set; } = string.Empty;
}
