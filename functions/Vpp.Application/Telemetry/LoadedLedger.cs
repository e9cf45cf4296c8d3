using Vpp.Domain.Telemetry;

namespace Vpp.Application.Telemetry;

/// <summary>A device's ledger for one month partition, with the store's concurrency token for writing it back.</summary>
public sealed record LoadedLedger(string DeviceId, string Month, DeviceTelemetryLedger Ledger, object ConcurrencyToken);
