using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Vpp.Application.Devices;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.DeviceHub;

/// <summary>
/// The local stand-in for IoT Hub's registry and twins, kept in Azurite Tables with IoT Hub's semantics:
/// desired and reported properties carry <c>$version</c>, the twin an ETag and a version, patches merge
/// (null deletes), tags belong to the back end.
/// </summary>
public sealed class LocalDeviceHub(StorageTables tables, TwinChangeFeed changes, TimeProvider clock) : IDeviceHub
{
    private const string TwinRow = "twin";

    public async Task RegisterAsync(string deviceId, JsonObject tags, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (twin, entity) = await LoadAsync(deviceId, cancellationToken);
            twin ??= new DeviceTwin(deviceId, null, 0, [], new JsonObject { ["$version"] = 1 }, new JsonObject { ["$version"] = 1 });
            var merged = (JsonObject)twin.Tags.DeepClone();
            JsonMerge.Apply(merged, tags);
            try
            {
                await SaveAsync(twin with { Tags = merged, Version = twin.Version + 1 }, entity?.ETag, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // Someone else changed the twin since we read it: read again and re-apply.
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && attempt < 5)
            {
                // Registered concurrently: read the new twin and merge the tags into it.
            }
        }
    }

    public async Task<DeviceTwin?> GetTwinAsync(string deviceId, CancellationToken cancellationToken) =>
        (await LoadAsync(deviceId, cancellationToken)).Twin;

    public async Task<DeviceTwin> PatchDesiredAsync(string deviceId, JsonObject patch, string? etag, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (twin, entity) = await LoadAsync(deviceId, cancellationToken);
            if (twin is null)
            {
                throw new KeyNotFoundException($"Device '{deviceId}' is not registered with the hub.");
            }

            if (etag is not null && etag != twin.ETag)
            {
                throw new RequestFailedException(412, $"Twin of '{deviceId}' changed since ETag {etag}.", "PreconditionFailed", null);
            }

            var updated = twin with { Desired = JsonMerge.Versioned(twin.Desired, patch), Version = twin.Version + 1 };
            try
            {
                var saved = await SaveAsync(updated, entity!.ETag, cancellationToken);
                changes.Notify(deviceId, saved.Desired["$version"]?.GetValue<long>() ?? 0);
                return saved;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && etag is null && attempt < 5)
            {
                // An unconditional patch lost a race with another writer: re-read and re-apply.
            }
        }
    }

    /// <summary>The device side: a reported-property patch from the device itself.</summary>
    public async Task<DeviceTwin> PatchReportedAsync(string deviceId, JsonObject patch, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (twin, entity) = await LoadAsync(deviceId, cancellationToken);
            if (twin is null)
            {
                throw new KeyNotFoundException($"Device '{deviceId}' is not registered with the hub.");
            }

            try
            {
                return await SaveAsync(twin with { Reported = JsonMerge.Versioned(twin.Reported, patch), Version = twin.Version + 1 }, entity!.ETag, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // The back end patched desired properties meanwhile: re-read and re-apply the device's report.
            }
        }
    }

    public async IAsyncEnumerable<DeviceTwin> QueryByProgramAsync(string programId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in tables.Twins.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"ProgramId eq {programId}"), cancellationToken: cancellationToken))
        {
            yield return ToTwin(row);
        }
    }

    public async Task<string> ScheduleDesiredUpdateAsync(string jobId, string programId, JsonObject patch, CancellationToken cancellationToken)
    {
        // IoT Hub runs jobs in the background; locally the job runs inline, device by device.
        await foreach (var twin in QueryByProgramAsync(programId, cancellationToken))
        {
            await PatchDesiredAsync(twin.DeviceId, (JsonObject)patch.DeepClone(), null, cancellationToken);
        }

        return jobId;
    }

    private async Task<(DeviceTwin? Twin, TableEntity? Entity)> LoadAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (!Vpp.Domain.Devices.DeviceIdentifier.IsValid(deviceId))
        {
            return (null, null);
        }

        var row = await tables.Twins.FindAsync(deviceId, TwinRow, cancellationToken);
        return row is null ? (null, null) : (ToTwin(row), row);
    }

    private async Task<DeviceTwin> SaveAsync(DeviceTwin twin, ETag? etag, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(twin.DeviceId, TwinRow)
        {
            ["ProgramId"] = twin.Tags["programId"]?.GetValue<string>(),
            ["Tags"] = twin.Tags.ToJsonString(),
            ["Desired"] = twin.Desired.ToJsonString(),
            ["Reported"] = twin.Reported.ToJsonString(),
            ["Version"] = twin.Version,
            ["LastUpdated"] = clock.GetUtcNow(),
        };
        var saved = etag is { } version
            ? await tables.Twins.UpdateEntityAsync(entity, version, TableUpdateMode.Replace, cancellationToken)
            : await tables.Twins.AddEntityAsync(entity, cancellationToken);
        return twin with { ETag = saved.Headers.ETag?.ToString() };
    }

    private static DeviceTwin ToTwin(TableEntity row) => new(
        row.PartitionKey,
        row.ETag.ToString(),
        row.Int64Of("Version") ?? 0,
        JsonNode.Parse(row.GetString("Tags") ?? "{}")!.AsObject(),
        JsonNode.Parse(row.GetString("Desired") ?? "{}")!.AsObject(),
        JsonNode.Parse(row.GetString("Reported") ?? "{}")!.AsObject());
}
