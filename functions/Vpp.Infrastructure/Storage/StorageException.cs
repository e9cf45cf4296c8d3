using System.Net;

namespace Vpp.Infrastructure.Storage;

/// <summary>A Storage request failed; carries the service's error code and message.</summary>
public class StorageException(HttpStatusCode status, string? errorCode, string message)
    : Exception($"{(int)status} {errorCode}: {message}")
{
    public HttpStatusCode Status { get; } = status;

    public string? ErrorCode { get; } = errorCode;

    public string ServiceMessage { get; } = message;
}
