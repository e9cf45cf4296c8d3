namespace Vpp.Application.Dispatch;

/// <summary>
/// Splits an event's devices or customers into batches by key range: a batch is [its first id, the next batch's first
/// id), so an activity reads only its own rows. The plan keeps each batch's first id; the last batch runs to the end.
/// </summary>
public static class DispatchBatches
{
    /// <summary>The first id of every batch of <paramref name="size"/> of <paramref name="ids"/>, in ordinal order.</summary>
    public static IReadOnlyList<string> Starts(IEnumerable<string> ids, int size) =>
        [.. ids.Order(StringComparer.Ordinal).Where((_, i) => i % size == 0)];

    /// <summary>Batch <paramref name="index"/>'s range: its first id and the next batch's (none for the last).</summary>
    public static (string From, string? Until) Range(IReadOnlyList<string> starts, int index)
    {
        ArgumentNullException.ThrowIfNull(starts);
        return (starts[index], index + 1 < starts.Count ? starts[index + 1] : null);
    }
}
