using System.Text.Json.Nodes;

namespace Vpp.Application.Devices;

/// <summary>
/// The device cloud (IoT Hub in Azure, a local stand-in on a laptop): device identities and twins.
/// Tags are ours (program, customer, type, feeder); desired properties are commands; reported properties are the device's.
/// </summary>
public interface IDeviceHub
{
    /// <summary>Creates the device identity if missing and sets its twin tags. Idempotent.</summary>
    Task RegisterAsync(string deviceId, JsonObject tags, CancellationToken cancellationToken);

    Task<DeviceTwin?> GetTwinAsync(string deviceId, CancellationToken cancellationToken);

    /// <summary>Merges a desired-property patch; with an ETag, only if the twin has not changed since.</summary>
    Task<DeviceTwin> PatchDesiredAsync(string deviceId, JsonObject patch, string? etag, CancellationToken cancellationToken);

    /// <summary>Twins whose tags.programId equals <paramref name="programId"/>.</summary>
    IAsyncEnumerable<DeviceTwin> QueryByProgramAsync(string programId, CancellationToken cancellationToken);

    /// <summary>A bulk desired-property update for every device of a program, run by the hub. Returns the job id.</summary>
    Task<string> ScheduleDesiredUpdateAsync(string jobId, string programId, JsonObject patch, CancellationToken cancellationToken);
}
