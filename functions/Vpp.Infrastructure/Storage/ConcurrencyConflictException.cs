using System.Net;

namespace Vpp.Infrastructure.Storage;

/// <summary>Optimistic concurrency lost: the entity changed since its ETag was read (HTTP 412).</summary>
public sealed class ConcurrencyConflictException(string? errorCode, string message)
    : StorageException(HttpStatusCode.PreconditionFailed, errorCode, message);
