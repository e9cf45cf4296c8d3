namespace Vpp.Application.Settlement;

/// <summary>A prepared run's batches (the first customer id of each; the first is empty, so the batches cover every id), or why it cannot run.</summary>
public sealed record SettlementPreparation(IReadOnlyList<string> BatchStarts, string? Refusal = null);
