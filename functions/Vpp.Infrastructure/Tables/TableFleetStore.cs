using Azure.Data.Tables;
using Vpp.Application.Devices;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Fleet;
using Vpp.Domain.Telemetry;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Registrations (by device, for ingestion; by program, for fleet views) and each device's latest reading, merged
/// into the device's row of its program's fleet (PK = <c>{programId}|{shard}</c>, <see cref="TableShards"/>; RK =
/// deviceId), so a fleet is read in one query per shard.
/// </summary>
public sealed class TableFleetStore(StorageTables tables) : IDeviceRegistry, ILatestStateStore
{
    private const string RegistrationRow = "registration";

    public async Task SaveAsync(DeviceRegistration registration, CancellationToken cancellationToken)
    {
        var json = StoredJson.Write(registration);
        await tables.Devices.UpsertEntityAsync(new TableEntity(registration.DeviceId, RegistrationRow) { ["Registration"] = json }, TableUpdateMode.Replace, cancellationToken);
        // Merge: the row may already carry the device's latest reading.
        await tables.Fleet.UpsertEntityAsync(new TableEntity(TableShards.PartitionOf(registration.ProgramId, registration.DeviceId), registration.DeviceId) { ["Registration"] = json },
            TableUpdateMode.Merge, cancellationToken);
    }

    public async Task<DeviceRegistration?> FindAsync(string deviceId, CancellationToken cancellationToken)
    {
        if (!DeviceIdentifier.IsValid(deviceId))
        {
            return null;
        }

        var row = await tables.Devices.FindAsync(deviceId, RegistrationRow, cancellationToken);
        return StoredJson.Read<DeviceRegistration>(row?.GetString("Registration"));
    }

    public async Task<FleetDevice?> FindFleetDeviceAsync(string programId, string deviceId, CancellationToken cancellationToken)
    {
        var row = await tables.Fleet.FindAsync(TableShards.PartitionOf(programId, deviceId), deviceId, cancellationToken);
        return row is null ? null : ToFleetDevice(row);
    }

    public async Task<IReadOnlyList<FleetDevice>> ListFleetAsync(string programId, CancellationToken cancellationToken) =>
        [.. (await TableShards.QueryAsync(tables.Fleet, programId, TableRows.Partition, null, ToFleetDevice, cancellationToken))
            .OrderBy(d => d.Registration.DeviceId, StringComparer.Ordinal)];

    private static FleetDevice? ToFleetDevice(TableEntity row) =>
        StoredJson.Read<DeviceRegistration>(row.GetString("Registration")) is { } registration
            ? new FleetDevice(registration, row.GetString("Latest") is { } latest ? StoredJson.Read<LatestReading>(latest) : null, row.GetString("IngestedFrom"))
            : null;

    public Task UpdateAsync(IReadOnlyList<IngestedReading> readings, CancellationToken cancellationToken) =>
        Task.WhenAll(readings.DistinctBy(r => r.Device.DeviceId)
            .GroupBy(r => TableShards.PartitionOf(r.Device.ProgramId, r.Device.DeviceId))
            .SelectMany(partition => partition.Chunk(TableRows.MaxBatchOperations).Select(chunk => (partition.Key, chunk)))
            .Select(transaction => tables.Fleet.SubmitTransactionAsync(
                [.. transaction.chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(transaction.Key, r.Device.DeviceId)
                {
                    ["Latest"] = StoredJson.Write(r.Reading),
                    ["LastSeen"] = r.Reading.Timestamp,
                    ["IngestedFrom"] = r.PartitionId,
                }))], cancellationToken)));
}
