using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>A step of a run version's lifecycle: to <see cref="To"/>, for <see cref="Cause"/>.</summary>
public sealed record SettlementAdvance(string ProgramId, DateOnly Month, int Version, SettlementRunStatus To, string Cause);
