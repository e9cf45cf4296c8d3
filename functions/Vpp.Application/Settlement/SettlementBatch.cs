namespace Vpp.Application.Settlement;

/// <summary>One batch of a run version: customers with ids in [<see cref="FromCustomer"/>, <see cref="UntilCustomer"/>) (null: to the last).</summary>
public sealed record SettlementBatch(string ProgramId, DateOnly Month, int Version, int Index, string FromCustomer, string? UntilCustomer)
{
    public static IEnumerable<SettlementBatch> All(string programId, DateOnly month, int version, IReadOnlyList<string> batchStarts) =>
        batchStarts.Select((from, i) => new SettlementBatch(programId, month, version, i, from, i + 1 < batchStarts.Count ? batchStarts[i + 1] : null));
}
