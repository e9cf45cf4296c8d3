namespace Vpp.Application.Telemetry;

/// <summary>Another writer changed the ledger since it was loaded; reload and apply again.</summary>
public sealed class LedgerConflictException(string message, Exception? inner = null) : Exception(message, inner);
