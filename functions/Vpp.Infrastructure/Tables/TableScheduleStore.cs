using System.Text.Json;
using Vpp.Application.Scheduling;
using Vpp.Domain.Optimization;
using Vpp.Infrastructure.Storage;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Schedules in a table row per program, local date and run (RK <c>yyyy-MM-dd|run</c>), their device plans in a blob
/// beside it, and a row per push in the same partition (RK <c>push|</c> and the horizon's UTC start, so a time range is a
/// key range), written in one transaction with the schedule it pushed.
/// </summary>
public sealed class TableScheduleStore(StorageTables tables) : IScheduleStore
{
    private const string PushPrefix = "push|";

    // A horizon is at most a day and an hour (a day-ahead plan for the day the clocks go back): a push that started
    // earlier than this before a range cannot overlap it.
    private static readonly TimeSpan LongestHorizon = TimeSpan.FromDays(2);

    public async Task SaveAsync(ProgramSchedule schedule, IReadOnlyList<DevicePlan> devicePlans, CancellationToken cancellationToken)
    {
        // Plans first: a schedule row never points at plans that are not there yet.
        await tables.SchedulePlans.UploadAsync(BlobName(schedule.ProgramId, schedule.Date, schedule.Run), JsonSerializer.SerializeToUtf8Bytes(devicePlans, StoredJson.Options), "application/json", cancellationToken);
        var row = new TableEntity(schedule.ProgramId, RowKey(schedule.Date, schedule.Run)) { ["Schedule"] = StoredJson.Write(schedule), ["StartUtc"] = schedule.StartUtc };
        if (SchedulePush.Of(schedule) is not { } push)
        {
            await tables.Schedules.UpsertReplaceAsync(row, cancellationToken);
            return;
        }

        await tables.Schedules.SubmitTransactionAsync(
            [TableOperation.UpsertReplace(row), TableOperation.UpsertReplace(new TableEntity(schedule.ProgramId, PushKey(push.StartUtc, push.Run)) { ["Push"] = StoredJson.Write(push) })],
            cancellationToken);
    }

    public async Task<IReadOnlyList<SchedulePush>> ListPushesAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq {TableQuery.Literal(programId)} and RowKey ge {TableQuery.Literal(PushKey(fromUtc - LongestHorizon, ""))} and RowKey lt {TableQuery.Literal(PushKey(toUtc, ""))}";
        var pushes = new List<SchedulePush>();
        await foreach (var row in tables.Schedules.QueryAsync(new TableQuery(filter), cancellationToken))
        {
            if (StoredJson.Read<SchedulePush>(row.GetString("Push")) is { } push && push.EndUtc > fromUtc && push.StartUtc < toUtc)
            {
                pushes.Add(push);
            }
        }

        return pushes;
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

    private static string PushKey(DateTimeOffset startUtc, string run) => $"{PushPrefix}{TimeKey.Of(startUtc)}|{run}";

    private static string BlobName(string programId, string localDate, string run) => $"{programId}/{localDate}/{run}.json";
}
