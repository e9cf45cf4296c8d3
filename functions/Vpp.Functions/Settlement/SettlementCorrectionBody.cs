namespace Vpp.Functions.Settlement;

/// <summary>A request to settle an approved month again: why (late telemetry, corrected terms).</summary>
public sealed record SettlementCorrectionBody(string? Reason);
