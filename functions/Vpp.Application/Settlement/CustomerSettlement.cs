namespace Vpp.Application.Settlement;

/// <summary>A customer's line in an approved run: which program and month, the run version and where it is, and the statement with its payout.</summary>
public sealed record CustomerSettlement(string ProgramId, DateOnly Month, int Version, Vpp.Domain.Settlement.SettlementRunStatus RunStatus, SettlementCustomerLine Line);
