namespace Vpp.Functions.Settlement;

/// <summary>A reversal of a customer's transfer in a run version.</summary>
public sealed record SettlementReversalBody(int? Version);
