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

    /// <summary>
    /// Fills the workspace's ledger with the stored state of its device and month (sequence, newest reading, and the
    /// rollups with its <see cref="LedgerWorkspace.RollupKeys"/> that exist) and sets its concurrency token.
    /// </summary>
    ValueTask LoadAsync(LedgerWorkspace workspace, CancellationToken cancellationToken);

    /// <summary>Writes the workspace's ledger back, copying what the store keeps: the workspace is reused after the call.</summary>
    ValueTask CommitAsync(LedgerWorkspace workspace, CancellationToken cancellationToken);

    /// <summary>Forgets anything cached about this ledger (after a conflict).</summary>
    void Evict(string deviceId, string month);

    Task<IReadOnlyList<TelemetryRollup>> ReadRollupsAsync(string deviceId, RollupResolution resolution, DateTimeOffset fromInclusive, DateTimeOffset toExclusive, CancellationToken cancellationToken);
}
