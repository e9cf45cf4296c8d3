using Azure.Data.Tables;
using Vpp.Application.Telemetry;
using Vpp.Domain.Telemetry;
using Vpp.Domain.Tests;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

/// <summary>The fleet's registrations and latest readings on Azurite, with the partition each reading was ingested from.</summary>
public sealed class TableFleetStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 18, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_latest_reading_is_read_back_with_the_partition_it_was_ingested_from()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var store = new TableFleetStore(tables);
        var programId = AzuriteFixture.UniqueName("fleet");
        var reporting = TestDevices.Battery("bat-reporting") with { ProgramId = programId };
        var silent = TestDevices.WaterHeater("wh-silent") with { ProgramId = programId };
        await store.SaveAsync(reporting, CancellationToken.None);
        await store.SaveAsync(silent, CancellationToken.None);

        await store.UpdateAsync([new(reporting, Reading(41, Now.AddMinutes(-2)), "2")], CancellationToken.None);
        var first = await store.FindFleetDeviceAsync(programId, reporting.DeviceId, CancellationToken.None);
        await store.UpdateAsync([new(reporting, Reading(42, Now.AddMinutes(-1)), "3")], CancellationToken.None);
        var fleet = (await store.ListFleetAsync(programId, CancellationToken.None)).ToDictionary(d => d.Registration.DeviceId);

        Assert.Equal(("2", 41L), (first!.IngestedFromPartition, first.Latest?.Sequence));
        Assert.Equal(("3", 42L), (fleet[reporting.DeviceId].IngestedFromPartition, fleet[reporting.DeviceId].Latest?.Sequence));
        Assert.Equal(Now.AddMinutes(-1), fleet[reporting.DeviceId].Latest?.Timestamp);
        Assert.Equal((null, null), (fleet[silent.DeviceId].IngestedFromPartition, fleet[silent.DeviceId].Latest));
    }

    [Fact]
    public async Task A_reading_stored_before_partitions_were_recorded_reads_with_no_partition()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var store = new TableFleetStore(tables);
        var device = TestDevices.Battery("bat-earlier") with { ProgramId = AzuriteFixture.UniqueName("fleet") };
        await store.SaveAsync(device, CancellationToken.None);
        await store.UpdateAsync([new(device, Reading(7, Now), "1")], CancellationToken.None);
        var row = await tables.Fleet.GetEntityAsync<TableEntity>(TableShards.PartitionOf(device.ProgramId, device.DeviceId), device.DeviceId);
        row.Value.Remove("IngestedFrom");
        await tables.Fleet.UpsertEntityAsync(row.Value, TableUpdateMode.Replace);

        var read = await store.FindFleetDeviceAsync(device.ProgramId, device.DeviceId, CancellationToken.None);

        Assert.Null(read!.IngestedFromPartition);
        Assert.Equal(7, read.Latest?.Sequence);
    }

    private static LatestReading Reading(long sequence, DateTimeOffset at) => new(sequence, at, 60, -1.5, null, null, 55, null, null, null, null, null);
}
