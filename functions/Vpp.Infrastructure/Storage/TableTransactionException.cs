using System.Net;

namespace Vpp.Infrastructure.Storage;

/// <summary>An entity-group transaction was rejected; nothing in it was applied.</summary>
public sealed class TableTransactionException(HttpStatusCode status, string? errorCode, string message, int? failedOperationIndex)
    : StorageException(status, errorCode, message)
{
    /// <summary>Zero-based index of the operation the service blamed, when it said.</summary>
    public int? FailedOperationIndex { get; } = failedOperationIndex;
}
