namespace Vpp.Functions.Settlement;

/// <summary>A move of a run (or a reminder while it waits): to what, when, by whom, why.</summary>
public sealed record SettlementTransitionView(string Status, DateTimeOffset AtUtc, string By, string Cause);
