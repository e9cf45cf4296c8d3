using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>
/// One device's ledger for one month partition while a batch counts into it: which rollups to load, the working
/// <see cref="DeviceTelemetryLedger"/> a store fills and writes back, and the store's concurrency token. Ingestion reuses
/// a workspace from device to device (the hot path allocates none per device), so a store copies what it keeps and
/// holds no reference to the workspace after a call returns.
/// </summary>
public sealed class LedgerWorkspace
{
    public string DeviceId { get; private set; } = "";

    /// <summary>The UTC month, <c>yyyyMM</c>.</summary>
    public string Month { get; private set; } = "";

    /// <summary>The rollups the messages about to be counted add to: what a load reads.</summary>
    public List<RollupKey> RollupKeys { get; } = [];

    public DeviceTelemetryLedger Ledger { get; } = new();

    /// <summary>What the store that loaded the ledger needs to see another writer (a version, ETags); the store's own.</summary>
    public object? ConcurrencyToken { get; set; }

    /// <summary>A version number, for stores whose token is the partition itself.</summary>
    public long ConcurrencyVersion { get; set; }

    /// <summary>Turns the workspace to another device and month, with no rollup keys yet.</summary>
    public void Begin(string deviceId, string month)
    {
        DeviceId = deviceId;
        Month = month;
        RollupKeys.Clear();
        ConcurrencyToken = null;
        ConcurrencyVersion = 0;
    }

    /// <summary>Adds the keys a message contributes to, once each.</summary>
    public void AddKeysFor(in TelemetryMessage message)
    {
        var (minute, quarter) = DeviceTelemetryLedger.KeysFor(message);
        if (!RollupKeys.Contains(minute))
        {
            RollupKeys.Add(minute);
        }

        if (!RollupKeys.Contains(quarter))
        {
            RollupKeys.Add(quarter);
        }
    }
}
