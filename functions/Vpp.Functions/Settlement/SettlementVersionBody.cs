namespace Vpp.Functions.Settlement;

/// <summary>The run version an action applies to (a transfer's reversal, a held run's resumption), as the caller read it.</summary>
public sealed record SettlementVersionBody(int? Version);
