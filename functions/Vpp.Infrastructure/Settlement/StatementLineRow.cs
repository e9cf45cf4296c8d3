using CsvHelper;
using Parquet.Serialization.Attributes;

namespace Vpp.Infrastructure.Settlement;

/// <summary>One statement line as finance reads it (docs/settlement-exports.md).</summary>
[CsvRecord]
public sealed partial class StatementLineRow
{
    public string RunId { get; set; } = string.Empty;

    public int Version { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public string DeviceId { get; set; } = string.Empty;

    public string Month { get; set; } = string.Empty;

    public string? CorrectedMonth { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string? EventId { get; set; }

    public string Description { get; set; } = string.Empty;

    [ParquetDecimal(18, 3)]
    public decimal Quantity { get; set; }

    public string Unit { get; set; } = string.Empty;

    [ParquetDecimal(18, 6)]
    public decimal? Rate { get; set; }

    [ParquetDecimal(18, 2)]
    public decimal Amount { get; set; }
}
