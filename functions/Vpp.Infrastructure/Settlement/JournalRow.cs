using CsvHelper;
using Parquet.Serialization.Attributes;

namespace Vpp.Infrastructure.Settlement;

/// <summary>One side of a journal posting as finance reads it (docs/settlement-exports.md).</summary>
[CsvRecord]
public sealed partial class JournalRow
{
    public string EntryId { get; set; } = string.Empty;

    public string Date { get; set; } = string.Empty;

    public string Account { get; set; } = string.Empty;

    [ParquetDecimal(18, 2)]
    public decimal Debit { get; set; }

    [ParquetDecimal(18, 2)]
    public decimal Credit { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public string Reference { get; set; } = string.Empty;
}
