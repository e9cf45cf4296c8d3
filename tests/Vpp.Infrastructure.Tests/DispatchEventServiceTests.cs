using Microsoft.Extensions.Time.Testing;
using Vpp.Application.Dispatch;
using Vpp.Application.Programs;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Tests.Dispatch;
using Vpp.Infrastructure.Tables;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Infrastructure.Tests;

/// <summary>Managers' event requests on Azurite: the program's rules among its stored events, and changes that never overwrite each other.</summary>
public sealed class DispatchEventServiceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    /// <summary>2–7 pm on weekdays, May to October, at most 2 events and 60 hours a season, 2 hours' notice.</summary>
    private static readonly DispatchRules Summer = new(TimeSpan.FromHours(14), TimeSpan.FromHours(19), true, new DispatchSeason(5, 10), 2, 60, TimeSpan.FromHours(2));

    private static readonly DateTimeOffset Now = Local(2026, 7, 13, 9, 0);

    private static DispatchEventRequest Request(DateTimeOffset start, DateTimeOffset end, bool proposed = false) =>
        new(DispatchEventKind.Reduce, start, end, 40_000, [DeviceType.Battery, DeviceType.Thermostat], null, DispatchNotice.DayAhead, false, "Please save power", proposed);

    private async Task<(DispatchEventService Service, TableDispatchEventStore Store, string ProgramId)> ProgramAsync()
    {
        var tables = new StorageTables(azurite.Account);
        await tables.CreateAllAsync(CancellationToken.None);
        var programs = new TableProgramStore(tables);
        var programId = AzuriteFixture.UniqueName("prog");
        await programs.SaveAsync(new VppProgram(programId, "Summer", "America/Los_Angeles", 60, EventRules: Summer), CancellationToken.None);
        var store = new TableDispatchEventStore(tables);
        return (new DispatchEventService(programs, store, new FakeTimeProvider(Now)), store, programId);
    }

    [Fact]
    public async Task An_event_within_the_rules_is_stored_as_scheduled_and_read_back_whole()
    {
        var (service, _, programId) = await ProgramAsync();

        var created = await service.CreateAsync(programId, Request(Local(2026, 7, 14, 17, 0), Local(2026, 7, 14, 19, 0)), "pm-1", CancellationToken.None);
        var read = await service.FindAsync(programId, created.Event!.EventId, CancellationToken.None);

        Assert.Equal(DispatchEventOutcome.Done, created.Outcome);
        Assert.StartsWith("ev-20260715T0000-", created.Event.EventId, StringComparison.Ordinal);
        Assert.Equal(DispatchEventStatus.Scheduled, read!.Status);
        Assert.Equal([DeviceType.Battery, DeviceType.Thermostat], read.DeviceTypes);
        Assert.Equal(created.Event.StartUtc, read.StartUtc);
        Assert.Equal(40_000, read.TargetKw);
        Assert.Equal("created by pm-1", Assert.Single(read.History).Cause);
    }

    [Fact]
    public async Task A_request_against_the_rules_or_with_bad_fields_is_refused_naming_each_and_nothing_is_stored()
    {
        var (service, store, programId) = await ProgramAsync();
        await service.CreateAsync(programId, Request(Local(2026, 7, 14, 17, 0), Local(2026, 7, 14, 19, 0)), "pm-1", CancellationToken.None);
        await service.CreateAsync(programId, Request(Local(2026, 7, 15, 17, 0), Local(2026, 7, 15, 19, 0)), "pm-1", CancellationToken.None);

        var third = await service.CreateAsync(programId, Request(Local(2026, 7, 16, 17, 0), Local(2026, 7, 16, 20, 0)), "pm-1", CancellationToken.None);
        var overlapping = await service.CreateAsync(programId, Request(Local(2026, 7, 14, 18, 0), Local(2026, 7, 14, 19, 0)) with { IsTest = true }, "pm-1", CancellationToken.None);
        var invalid = await service.CreateAsync(programId, Request(Local(2026, 7, 16, 17, 0), Local(2026, 7, 16, 16, 0)) with { TargetKw = 0 }, "pm-1", CancellationToken.None);
        var nowhere = await service.CreateAsync("no-such-program", Request(Local(2026, 7, 16, 17, 0), Local(2026, 7, 16, 19, 0)), "pm-1", CancellationToken.None);

        Assert.Equal(DispatchEventOutcome.BreaksRules, third.Outcome);
        Assert.Equal(["allowedHours", "maxEventsPerSeason"], third.Violations.Select(v => v.Rule));
        Assert.Equal(["overlap"], overlapping.Violations.Select(v => v.Rule));
        Assert.Equal(DispatchEventOutcome.Invalid, invalid.Outcome);
        Assert.Equal(["end", "targetKw"], invalid.Errors.Select(e => e.Field));
        Assert.Equal(DispatchEventOutcome.ProgramNotFound, nowhere.Outcome);
        Assert.Equal(2, (await store.ListStartingAsync(programId, Local(2026, 7, 1, 0, 0), Local(2026, 8, 1, 0, 0), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_proposed_event_is_confirmed_once_and_changes_are_checked_and_kept_in_its_history()
    {
        var (service, _, programId) = await ProgramAsync();
        var proposed = (await service.CreateAsync(programId, Request(Local(2026, 7, 14, 17, 0), Local(2026, 7, 14, 19, 0), proposed: true), "forecast", CancellationToken.None)).Event!;

        var confirmed = await service.ConfirmAsync(programId, proposed.EventId, "pm-1", CancellationToken.None);
        var again = await service.ConfirmAsync(programId, proposed.EventId, "pm-2", CancellationToken.None);
        var longer = await service.ChangeAsync(programId, proposed.EventId, null, false, Local(2026, 7, 14, 20, 0), "pm-1", CancellationToken.None);
        var lower = await service.ChangeAsync(programId, proposed.EventId, 25_000, true, null, "pm-1", CancellationToken.None);
        var cancelled = await service.CancelAsync(programId, proposed.EventId, "grid no longer needs it", CancellationToken.None);
        var missing = await service.CancelAsync(programId, "ev-nothing", "x", CancellationToken.None);

        Assert.Equal(DispatchEventStatus.Proposed, proposed.Status);
        Assert.Equal(DispatchEventStatus.Scheduled, confirmed.Event!.Status);
        Assert.Equal(DispatchEventOutcome.Conflict, again.Outcome);
        Assert.Equal(["allowedHours"], longer.Violations.Select(v => v.Rule));
        Assert.Equal(25_000, lower.Event!.TargetKw);
        Assert.Equal(DispatchEventStatus.Cancelled, cancelled.Event!.Status);
        Assert.Equal(["proposed by forecast", "confirmed by pm-1", "target 40000 kW → 25000 kW by pm-1", "grid no longer needs it"], cancelled.Event.History.Select(h => h.Cause));
        Assert.Equal(DispatchEventOutcome.EventNotFound, missing.Outcome);
    }

    [Fact]
    public async Task A_change_made_from_a_stale_read_is_refused_and_the_newer_one_stays()
    {
        var (service, store, programId) = await ProgramAsync();
        var created = (await service.CreateAsync(programId, Request(Local(2026, 7, 14, 17, 0), Local(2026, 7, 14, 19, 0)), "pm-1", CancellationToken.None)).Event!;
        var first = created.Change(30_000, true, null, Now, "pm-1").Event!;
        var second = created.Cancel(Now, "pm-2 cancels").Event!;

        Assert.True(await store.ReplaceAsync(created, first, CancellationToken.None));
        Assert.False(await store.ReplaceAsync(created, second, CancellationToken.None));
        Assert.False(await store.AddAsync(created, CancellationToken.None));
        Assert.Equal(30_000, (await store.FindAsync(programId, created.EventId, CancellationToken.None))!.TargetKw);
    }
}
