namespace Vpp.Functions.Settlement;

/// <summary>A move of a run (or a reminder while it waits, a hold after a step failed for good, a resumption): to what, when, by whom, why.</summary>
public sealed record SettlementTransitionView(string Status, DateTimeOffset AtUtc, string By, string Cause, bool Held);
