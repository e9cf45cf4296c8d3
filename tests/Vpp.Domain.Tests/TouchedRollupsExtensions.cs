using Vpp.Domain.Telemetry;

namespace Vpp.Domain.Tests;

/// <summary>A ledger's touched rollups as the read model, so tests assert on named quantities.</summary>
internal static class TouchedRollupsExtensions
{
    public static IEnumerable<TelemetryRollup> TouchedAsRollups(this DeviceTelemetryLedger ledger) =>
        ledger.TouchedRollups.Select(r => TelemetryRollup.FromValues(r.Key, r.Values));
}
