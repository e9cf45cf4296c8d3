namespace Vpp.Infrastructure.Storage;

/// <summary>Where the next page of a query starts (x-ms-continuation-NextPartitionKey / NextRowKey).</summary>
public sealed record TableContinuation(string NextPartitionKey, string? NextRowKey);
