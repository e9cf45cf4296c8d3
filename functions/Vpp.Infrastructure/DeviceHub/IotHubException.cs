using System.Net;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>IoT Hub refused a request; <see cref="Detail"/> is the service's error body.</summary>
public sealed class IotHubException(HttpStatusCode status, string detail) : Exception($"IoT Hub returned {(int)status}: {detail}")
{
    public HttpStatusCode Status { get; } = status;

    public string Detail { get; } = detail;
}
