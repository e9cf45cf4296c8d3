namespace Vpp.Infrastructure.Storage;

/// <summary>One page of a query; <see cref="Continuation"/> is null on the last page.</summary>
public sealed record TableQueryPage(IReadOnlyList<TableEntity> Entities, TableContinuation? Continuation);
