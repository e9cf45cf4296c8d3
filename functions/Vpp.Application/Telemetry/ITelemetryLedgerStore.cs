using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>
/// Persists device ledgers (sequence window + rollups) per device and UTC month. A commit writes the window
/// and every touched rollup atomically and fails with <see cref="LedgerConflictException"/> if another writer
/// changed any of them since load.
/// </summary>
public interface ITelemetryLedgerStore
{
    /// <summary>
    /// Largest number of distinct UTC hours one commit may touch: the store writes a device-hour as one row, and one
    /// transaction holds the window and at most this many hour rows.
    /// </summary>
    int MaxHoursPerCommit { get; }

    ValueTask<LoadedLedger> LoadAsync(string deviceId, string month, IReadOnlyCollection<RollupKey> rollupKeys, CancellationToken cancellationToken);

    /// <summary>Writes the ledger back. The store may keep the ledger's objects: do not use it after a successful commit.</summary>
    Task CommitAsync(LoadedLedger ledger, CancellationToken cancellationToken);

    /// <summary>Forgets anything cached about this ledger (after a conflict).</summary>
    void Evict(string deviceId, string month);

    Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(string deviceId, RollupResolution resolution, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken);
}
