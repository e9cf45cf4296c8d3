using System.Text.Json.Nodes;
using Vpp.Application.Devices;

namespace Vpp.Infrastructure.Tests;

/// <summary>The hub, failing every twin write after the first <see cref="FailWritesAfter"/> while it is set, as a throttled or unreachable hub does.</summary>
internal sealed class FailingHub(IDeviceHub inner) : IDeviceHub
{
    private int attempts;
    private int writes;

    public int? FailWritesAfter { get; set; }

    /// <summary>Twin writes that went through; the commander writes in parallel, so counted atomically.</summary>
    public int Writes => Volatile.Read(ref writes);

    public async Task<DeviceTwin> PatchDesiredAsync(string deviceId, JsonObject patch, string? etag, CancellationToken cancellationToken)
    {
        if (FailWritesAfter is { } allowed && Interlocked.Increment(ref attempts) > allowed)
        {
            throw new HttpRequestException("the hub is unreachable");
        }

        var twin = await inner.PatchDesiredAsync(deviceId, patch, etag, cancellationToken);
        Interlocked.Increment(ref writes);
        return twin;
    }

    public Task RegisterAsync(string deviceId, JsonObject tags, CancellationToken cancellationToken) => inner.RegisterAsync(deviceId, tags, cancellationToken);

    public Task<DeviceTwin?> GetTwinAsync(string deviceId, CancellationToken cancellationToken) => inner.GetTwinAsync(deviceId, cancellationToken);

    public Task<string> ScheduleDesiredUpdateAsync(string jobId, string programId, JsonObject patch, CancellationToken cancellationToken) =>
        inner.ScheduleDesiredUpdateAsync(jobId, programId, patch, cancellationToken);

    public IAsyncEnumerable<DeviceTwin> QueryByProgramAsync(string programId, CancellationToken cancellationToken) => inner.QueryByProgramAsync(programId, cancellationToken);
}
