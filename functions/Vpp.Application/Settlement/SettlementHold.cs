namespace Vpp.Application.Settlement;

/// <summary>An approved run version's step that failed after its retries: the run waits, where it is, until resumed.</summary>
public sealed record SettlementHold(string ProgramId, DateOnly Month, int Version, string Cause);
