using System.Text.Json;
using Vpp.Application.Scheduling;
using Vpp.Domain.Optimization;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tables;

/// <summary>Schedules in a table row per program, local date and run (RK <c>yyyy-MM-dd|run</c>); their device plans in a blob beside it.</summary>
public sealed class TableScheduleStore(StorageTables tables) : IScheduleStore
{
    public async Task SaveAsync(ProgramSchedule schedule, IReadOnlyList<DevicePlan> devicePlans, CancellationToken cancellationToken)
    {
        // Plans first: a schedule row never points at plans that are not there yet.
        await tables.SchedulePlans.UploadAsync(BlobName(schedule.ProgramId, schedule.Date, schedule.Run), JsonSerializer.SerializeToUtf8Bytes(devicePlans, StoredJson.Options), "application/json", cancellationToken);
        await tables.Schedules.UpsertReplaceAsync(
            new TableEntity(schedule.ProgramId, RowKey(schedule.Date, schedule.Run)) { ["Schedule"] = StoredJson.Write(schedule), ["StartUtc"] = schedule.StartUtc },
            cancellationToken);
    }

    public async Task<ProgramSchedule?> FindAsync(string programId, string localDate, string run, CancellationToken cancellationToken)
    {
        var row = await tables.Schedules.GetAsync(programId, RowKey(localDate, run), cancellationToken);
        return StoredJson.Read<ProgramSchedule>(row?.GetString("Schedule"));
    }

    public async Task<IReadOnlyList<DevicePlan>?> FindDevicePlansAsync(string programId, string localDate, string run, CancellationToken cancellationToken)
    {
        var bytes = await tables.SchedulePlans.DownloadAsync(BlobName(programId, localDate, run), cancellationToken);
        return bytes is null ? null : JsonSerializer.Deserialize<List<DevicePlan>>(bytes, StoredJson.Options);
    }

    private static string RowKey(string localDate, string run) => $"{localDate}|{run}";

    private static string BlobName(string programId, string localDate, string run) => $"{programId}/{localDate}/{run}.json";
}
