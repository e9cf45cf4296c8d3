using Vpp.Domain.Settlement;

namespace Vpp.Application.Settlement;

/// <summary>A computed run to draft: its request and each batch's totals.</summary>
public sealed record SettlementDraft(SettlementRunRequest Request, IReadOnlyList<SettlementRunTotals> Batches);
