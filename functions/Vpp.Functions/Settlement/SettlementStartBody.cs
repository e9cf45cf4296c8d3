namespace Vpp.Functions.Settlement;

/// <summary>Starts a month's run: <c>month</c> as yyyy-MM.</summary>
public sealed record SettlementStartBody(string? Month);
