using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Vpp.Application.Scheduling;
using Vpp.Domain.Optimization;

namespace Vpp.Infrastructure.Tables;

/// <summary>
/// Schedules in a table row per program, local date and run (RK <c>yyyy-MM-dd|run</c>), and a row per push in the same
/// partition (RK <c>push|</c> and the horizon's UTC start, so a time range is a key range), written in one transaction
/// with the schedule it pushed. The device plans are blobs beside the row, <c>program/date/run/version/part.json</c>:
/// a fleet of 100,000 devices plans some 100 MB every quarter hour, so they are kept to the watt and watt-hour and
/// split into parts of about <see cref="PlansPerPart"/> devices, a device's part chosen by a hash of its id, so one
/// device's plan is one small read and a page another. Each save is a new version; the row names it, and the version it
/// replaced is kept until the next save, so a client paging through plans is not cut off by the replan it overlaps. A
/// date's last save has no next save of its own: the first save of the same run for a later date deletes what it kept.
/// </summary>
public sealed class TableScheduleStore(StorageTables tables) : IScheduleStore
{
    public const int PlansPerPart = 1000;
    private const string PushPrefix = "push|";
    private const int ParallelRequests = 4;
    private const string KeepsReplacedPlans = "KeepsReplacedPlans";

    // A horizon is at most a day and an hour (a day-ahead plan for the day the clocks go back): a push that started
    // earlier than this before a range cannot overlap it.
    private static readonly TimeSpan LongestHorizon = TimeSpan.FromDays(2);

    public async Task SaveAsync(ProgramSchedule schedule, IReadOnlyList<DevicePlan> devicePlans, CancellationToken cancellationToken)
    {
        var (programId, date, run) = (schedule.ProgramId, schedule.Date, schedule.Run);
        var replaced = StoredVersion(await tables.Schedules.FindAsync(programId, RowKey(date, run), cancellationToken));
        var version = Guid.NewGuid().ToString("N");
        var parts = Math.Max(1, (devicePlans.Count + PlansPerPart - 1) / PlansPerPart);

        // Plans first: a schedule row never points at plans that are not there yet. Every part is written, empty or not,
        // so a missing part means a version that is gone.
        var byPart = devicePlans.GroupBy(p => PartOf(p.DeviceId, parts)).ToDictionary(g => g.Key, g => g.OrderBy(p => p.DeviceId, StringComparer.Ordinal).Select(Stored).ToList());
        await Parallel.ForEachAsync(Enumerable.Range(0, parts), new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken }, async (part, ct) =>
            await tables.SchedulePlans.UploadAsync(PartName(programId, date, run, version, part), JsonSerializer.SerializeToUtf8Bytes(byPart.GetValueOrDefault(part) ?? [], StoredJson.Options), "application/json", ct));

        var row = new TableEntity(programId, RowKey(date, run))
        {
            ["Schedule"] = StoredJson.Write(schedule),
            ["StartUtc"] = schedule.StartUtc,
            ["PlanVersion"] = version,
            ["PlanParts"] = (long)parts,
            [KeepsReplacedPlans] = replaced is not null,
        };
        if (SchedulePush.Of(schedule) is { } push)
        {
            await tables.Schedules.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, row),
                    new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(programId, PushKey(push.StartUtc, push.Run)) { ["Push"] = StoredJson.Write(push) }),
                ],
                cancellationToken);
        }
        else
        {
            await tables.Schedules.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }

        // Older versions than the one just replaced, and plans stored whole before they were split, go.
        await DeletePlansExceptAsync(programId, date, run, [version, replaced?.Version], cancellationToken);
        await SettleEarlierDatesAsync(programId, date, run, cancellationToken);
    }

    public async Task RecordPushAsync(ProgramSchedule pushed, CancellationToken cancellationToken)
    {
        var push = SchedulePush.Of(pushed) ?? throw new ArgumentException("The schedule names no push.", nameof(pushed));
        var pushRow = new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(pushed.ProgramId, PushKey(push.StartUtc, push.Run)) { ["Push"] = StoredJson.Write(push) });
        var row = await tables.Schedules.FindAsync(pushed.ProgramId, RowKey(pushed.Date, pushed.Run), cancellationToken);
        if (StoredJson.Read<ProgramSchedule>(row?.GetString("Schedule")) is { } stored && stored.CreatedUtc == pushed.CreatedUtc)
        {
            try
            {
                await tables.Schedules.SubmitTransactionAsync(
                    [new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(pushed.ProgramId, row!.RowKey) { ["Schedule"] = StoredJson.Write(pushed) }, row.ETag), pushRow],
                    cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Replanned since: the newer schedule stays; the push below is still kept.
            }
        }

        // The schedule was replaced by a later plan meanwhile; what the devices were told is still kept.
        await tables.Schedules.SubmitTransactionAsync([pushRow], cancellationToken);
    }

    /// <summary>
    /// Earlier dates of the run are planned no more, so the versions their last saves kept for paging clients go: without
    /// this every past date would keep twice the plans it needs. A date replanned meanwhile is left to its next save.
    /// </summary>
    private async Task SettleEarlierDatesAsync(string programId, string date, string run, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {programId} and RowKey lt {RowKey(date, "")} and KeepsReplacedPlans eq {true}");
        await foreach (var row in tables.Schedules.QueryAsync<TableEntity>(filter, select: ["RowKey", "PlanVersion", "PlanParts"], cancellationToken: cancellationToken))
        {
            if (row.RowKey.Split('|') is not [var earlierDate, var earlierRun] || earlierRun != run || StoredVersion(row) is not { } stored)
            {
                continue;
            }

            await DeletePlansExceptAsync(programId, earlierDate, run, [stored.Version], cancellationToken);
            try
            {
                await tables.Schedules.UpdateEntityAsync(new TableEntity(programId, row.RowKey) { [KeepsReplacedPlans] = false }, row.ETag, TableUpdateMode.Merge, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Replanned since it was read: its own next save, or a later date's, settles it.
            }
        }
    }

    private async Task DeletePlansExceptAsync(string programId, string date, string run, IEnumerable<string?> versions, CancellationToken cancellationToken)
    {
        var keep = versions.OfType<string>().Select(v => PlansPrefix(programId, date, run) + v + "/").ToList();
        var gone = (await tables.SchedulePlans.ListNamesAsync(PlansPrefix(programId, date, run).TrimEnd('/'), cancellationToken))
            .Where(name => !keep.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)));
        await Parallel.ForEachAsync(gone, new ParallelOptions { MaxDegreeOfParallelism = ParallelRequests, CancellationToken = cancellationToken }, async (name, ct) =>
            await tables.SchedulePlans.DeleteBlobIfExistsAsync(name, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<SchedulePush>> ListPushesAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var pushes = new List<SchedulePush>();
        await foreach (var row in tables.Schedules.QueryAsync<TableEntity>(TableRows.KeyRange(programId, PushKey(fromUtc - LongestHorizon, ""), PushKey(toUtc, "")), cancellationToken: cancellationToken))
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
        var row = await tables.Schedules.FindAsync(programId, RowKey(localDate, run), cancellationToken);
        return StoredJson.Read<ProgramSchedule>(row?.GetString("Schedule"));
    }

    public async Task<DevicePlanPage?> FindDevicePlansAsync(string programId, string localDate, string run, DevicePlanContinuation? continuation, int top, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(top);
        var at = continuation;
        if (at is null)
        {
            if (StoredVersion(await tables.Schedules.FindAsync(programId, RowKey(localDate, run), cancellationToken)) is not { } stored)
            {
                return null;
            }

            at = new DevicePlanContinuation(stored.Version, stored.Parts, 0, 0);
        }

        var plans = new List<DevicePlan>(Math.Min(top, PlansPerPart));
        var offset = at.Offset;
        for (var part = at.Part; part < at.Parts; part++, offset = 0)
        {
            if (await ReadPartAsync(programId, localDate, run, at.Version, part, cancellationToken) is not { } stored)
            {
                return null;
            }

            var taken = Math.Clamp(stored.Count - offset, 0, top - plans.Count);
            plans.AddRange(stored.Skip(offset).Take(taken));
            if (plans.Count == top)
            {
                var next = offset + taken < stored.Count ? new DevicePlanContinuation(at.Version, at.Parts, part, offset + taken)
                    : part + 1 < at.Parts ? new DevicePlanContinuation(at.Version, at.Parts, part + 1, 0)
                    : null;
                return new DevicePlanPage(plans, next);
            }
        }

        return new DevicePlanPage(plans, null);
    }

    public async Task<DevicePlan?> FindDevicePlanAsync(string programId, string localDate, string run, string deviceId, CancellationToken cancellationToken)
    {
        if (StoredVersion(await tables.Schedules.FindAsync(programId, RowKey(localDate, run), cancellationToken)) is not { } stored)
        {
            return null;
        }

        var plans = await ReadPartAsync(programId, localDate, run, stored.Version, PartOf(deviceId, stored.Parts), cancellationToken);
        return plans?.FirstOrDefault(p => p.DeviceId == deviceId);
    }

    private async Task<List<DevicePlan>?> ReadPartAsync(string programId, string localDate, string run, string version, int part, CancellationToken cancellationToken) =>
        await tables.SchedulePlans.DownloadOrNullAsync(PartName(programId, localDate, run, version, part), cancellationToken) is { } bytes
            ? JsonSerializer.Deserialize<List<DevicePlan>>(bytes, StoredJson.Options)
            : null;

    private static (string Version, int Parts)? StoredVersion(TableEntity? row) =>
        row?.GetString("PlanVersion") is { } version && row.Int64Of("PlanParts") is { } parts ? (version, (int)parts) : null;

    /// <summary>Kept to the watt and the watt-hour: finer is noise, and it triples what every replan writes.</summary>
    private static DevicePlan Stored(DevicePlan plan) =>
        new(plan.DeviceId, [.. plan.PowerKw.Select(kw => Math.Round(kw, 3))], [.. plan.EnergyKwh.Select(kwh => Math.Round(kwh, 3))]);

    /// <summary>FNV-1a of the id's UTF-8 bytes: stable across processes and releases, unlike string hash codes.</summary>
    private static int PartOf(string deviceId, int parts)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(deviceId))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return (int)(hash % (uint)parts);
    }

    private static string RowKey(string localDate, string run) => $"{localDate}|{run}";

    private static string PushKey(DateTimeOffset startUtc, string run) => $"{PushPrefix}{TimeKey.Of(startUtc)}|{run}";

    private static string PlansPrefix(string programId, string localDate, string run) => $"{programId}/{localDate}/{run}/";

    private static string PartName(string programId, string localDate, string run, string version, int part) =>
        string.Create(CultureInfo.InvariantCulture, $"{PlansPrefix(programId, localDate, run)}{version}/{part:D5}.json");
}
