using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Vpp.Application.Scheduling;
using Vpp.Application.Tests;
using Vpp.Domain.Optimization;
using Vpp.Infrastructure.Tables;

namespace Vpp.Infrastructure.Tests;

/// <summary>Schedules and their device plans on Azurite: plans stored in parts, read a page or a device at a time.</summary>
public sealed class TableScheduleStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string Date = "2026-11-22";
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    private StorageTables Tables { get; } = new(azurite.Account);

    private async Task<(TableScheduleStore Store, string ProgramId)> ArrangeAsync()
    {
        await Tables.CreateAllAsync(CancellationToken.None);
        return (new TableScheduleStore(Tables), AzuriteFixture.UniqueName("plans"));
    }

    /// <summary>Device i draws i/1000 kW plus a sliver below a watt in every interval, so each plan is told apart and rounding shows.</summary>
    private static List<DevicePlan> Plans(int count, double offsetKw = 0) =>
        [.. Enumerable.Range(0, count).Select(i => new DevicePlan($"dev-{i:D5}", [.. Enumerable.Repeat((i / 1000.0) + offsetKw + 0.0004, 96)], [.. Enumerable.Range(0, 96).Select(t => (t * 0.25) + 0.00049)]))];

    private static async Task<List<DevicePlanPage>> AllPagesAsync(TableScheduleStore store, string programId, int top, DevicePlanContinuation? from = null)
    {
        var pages = new List<DevicePlanPage>();
        var continuation = from;
        do
        {
            var page = await store.FindDevicePlansAsync(programId, Date, ScheduleRuns.Intraday, continuation, top, CancellationToken.None);
            pages.Add(page!);
            continuation = page!.Continuation;
        }
        while (continuation is not null && pages.Count < 100);

        return pages;
    }

    [Fact]
    public async Task Device_plans_come_back_a_page_at_a_time_every_device_once_and_to_the_watt()
    {
        var (store, programId) = await ArrangeAsync();
        var plans = Plans(2345);
        await store.SaveAsync(new ProgramScheduleBuilder(programId, Date, Start).Build(plans.Count), plans, CancellationToken.None);

        var pages = await AllPagesAsync(store, programId, top: 400);
        var read = pages.SelectMany(p => p.Plans).ToList();

        Assert.Equal([400, 400, 400, 400, 400, 345], pages.Select(p => p.Plans.Count));
        Assert.Equal(plans.Select(p => p.DeviceId).Order(StringComparer.Ordinal), read.Select(p => p.DeviceId).Order(StringComparer.Ordinal));
        var byId = read.ToDictionary(p => p.DeviceId);
        Assert.All(plans, p => Assert.Equal(Math.Round(p.PowerKw[0], 3), byId[p.DeviceId].PowerKw[0]));
        Assert.Equal(1.234, byId["dev-01234"].PowerKw[95]);
        Assert.Equal(23.75, byId["dev-01234"].EnergyKwh[95]);
        Assert.Equal(3, (await BlobNamesAsync($"{programId}/{Date}/")).Count); // 2,345 plans in three parts
    }

    [Fact]
    public async Task One_devices_plan_is_found_by_its_id_and_a_device_without_one_is_not()
    {
        var (store, programId) = await ArrangeAsync();
        await store.SaveAsync(new ProgramScheduleBuilder(programId, Date, Start).Build(1500), Plans(1500), CancellationToken.None);

        var plan = await store.FindDevicePlanAsync(programId, Date, ScheduleRuns.Intraday, "dev-00777", CancellationToken.None);

        Assert.Equal(0.777, plan!.PowerKw[0]);
        Assert.Null(await store.FindDevicePlanAsync(programId, Date, ScheduleRuns.Intraday, "dev-09999", CancellationToken.None));
        Assert.Null(await store.FindDevicePlanAsync(programId, Date, ScheduleRuns.DayAhead, "dev-00777", CancellationToken.None));
        Assert.Null(await store.FindDevicePlansAsync(programId, Date, ScheduleRuns.DayAhead, null, 10, CancellationToken.None));
    }

    [Fact]
    public async Task A_replan_keeps_the_plans_it_replaced_for_a_client_paging_through_them_until_the_next_replan()
    {
        var (store, programId) = await ArrangeAsync();
        var schedule = new ProgramScheduleBuilder(programId, Date, Start).Build(1500);
        // Plans stored whole, as before they were split, go at the next save.
        await Tables.SchedulePlans.UploadBlobAsync($"{programId}/{Date}/{ScheduleRuns.Intraday}.json", BinaryData.FromString("[]"));
        await store.SaveAsync(schedule, Plans(1500), CancellationToken.None);
        var first = await store.FindDevicePlansAsync(programId, Date, ScheduleRuns.Intraday, null, 1000, CancellationToken.None);

        await store.SaveAsync(schedule, Plans(1500, offsetKw: 5), CancellationToken.None);
        var rest = await AllPagesAsync(store, programId, 1000, first!.Continuation);
        var replanned = await store.FindDevicePlanAsync(programId, Date, ScheduleRuns.Intraday, "dev-00000", CancellationToken.None);
        await store.SaveAsync(schedule, Plans(1500, offsetKw: 9), CancellationToken.None);
        var afterTwo = await store.FindDevicePlansAsync(programId, Date, ScheduleRuns.Intraday, first.Continuation, 1000, CancellationToken.None);

        var firstPlan = first.Plans.Concat(rest.SelectMany(p => p.Plans)).ToList();
        Assert.Equal(1500, firstPlan.Select(p => p.DeviceId).Distinct().Count());
        Assert.All(firstPlan, p => Assert.True(p.PowerKw[0] < 2, $"{p.DeviceId} read from a later plan"));
        Assert.Equal(5, replanned!.PowerKw[0]);
        Assert.Null(afterTwo);
        var blobs = await BlobNamesAsync($"{programId}/");
        Assert.Equal(4, blobs.Count); // the latest plan and the one it replaced, two parts each
        Assert.DoesNotContain($"{programId}/{Date}/{ScheduleRuns.Intraday}.json", blobs);
    }

    [Fact]
    public async Task The_first_plan_of_a_later_date_deletes_the_plans_its_runs_earlier_dates_kept_for_replans_that_never_came()
    {
        var (store, programId) = await ArrangeAsync();
        const string Tomorrow = "2026-11-23";
        foreach (var run in new[] { ScheduleRuns.Intraday, ScheduleRuns.DayAhead })
        {
            var today = new ProgramScheduleBuilder(programId, Date, Start).Run(run);
            await store.SaveAsync(today.Build(1500), Plans(1500), CancellationToken.None);
            await store.SaveAsync(today.Build(1500), Plans(1500, offsetKw: 5), CancellationToken.None);
        }

        var paging = await store.FindDevicePlansAsync(programId, Date, ScheduleRuns.Intraday, null, 1000, CancellationToken.None);
        Assert.Equal(8, (await BlobNamesAsync($"{programId}/")).Count); // two versions of two parts for each run

        await store.SaveAsync(new ProgramScheduleBuilder(programId, Tomorrow, Start.AddDays(1)).Build(1500), Plans(1500, offsetKw: 9), CancellationToken.None);
        var intradaySettled = await BlobNamesAsync($"{programId}/{Date}/{ScheduleRuns.Intraday}/");
        var dayAheadKept = await BlobNamesAsync($"{programId}/{Date}/{ScheduleRuns.DayAhead}/");
        await store.SaveAsync(new ProgramScheduleBuilder(programId, Tomorrow, Start.AddDays(1)).Run(ScheduleRuns.DayAhead).Build(1500), Plans(1500), CancellationToken.None);

        Assert.Equal(2, intradaySettled.Count);
        Assert.Equal(4, dayAheadKept.Count); // another run's dates are its own to settle
        Assert.Equal(2, (await BlobNamesAsync($"{programId}/{Date}/{ScheduleRuns.DayAhead}/")).Count);
        Assert.Equal(5, (await store.FindDevicePlanAsync(programId, Date, ScheduleRuns.Intraday, "dev-00000", CancellationToken.None))!.PowerKw[0]);
        Assert.Equal(500, (await store.FindDevicePlansAsync(programId, Date, ScheduleRuns.Intraday, paging!.Continuation, 1000, CancellationToken.None))!.Plans.Count);
    }

    private async Task<List<string>> BlobNamesAsync(string prefix)
    {
        var names = new List<string>();
        await foreach (var blob in Tables.SchedulePlans.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }
}
