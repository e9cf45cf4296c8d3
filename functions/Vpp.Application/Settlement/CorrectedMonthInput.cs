namespace Vpp.Application.Settlement;

/// <summary>An approved month a run settles again for its corrections, with that month's inputs for the batch's customers.</summary>
public sealed record CorrectedMonthInput(DateOnly Month, SettlementBatchInput Input);
