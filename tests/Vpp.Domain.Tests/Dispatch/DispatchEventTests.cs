using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using static Vpp.Domain.Tests.Dispatch.DispatchEventBuilder;

namespace Vpp.Domain.Tests.Dispatch;

public sealed class DispatchEventTests
{
    private static readonly DateTimeOffset Start = Local(2026, 7, 14, 17, 0);

    [Fact]
    public void A_new_event_with_bad_fields_is_refused_naming_each()
    {
        var (created, errors) = DispatchEvent.Create("ev", "demo", DispatchEventKind.Reduce, Start, Start, -5, [], [new string('f', 65)], DispatchNotice.DayAhead, false,
            new string('m', 501), false, "created", Start.AddDays(-1));

        Assert.Null(created);
        Assert.Equal(["end", "targetKw", "deviceTypes", "feeders", "message"], errors.Select(e => e.Field));
    }

    [Fact]
    public void An_event_runs_its_course_and_keeps_every_move_with_its_time_and_cause()
    {
        var scheduled = new DispatchEventBuilder().Build();
        var course = new[] { DispatchEventStatus.Notified, DispatchEventStatus.Preconditioning, DispatchEventStatus.Active, DispatchEventStatus.Restoring, DispatchEventStatus.Completed };

        var done = course.Aggregate(scheduled, (e, next) => e.MoveTo(next, Start.AddMinutes((int)next), $"to {next}").Event!);

        Assert.Equal(DispatchEventStatus.Completed, done.Status);
        Assert.True(done.IsOver);
        Assert.Equal([null, .. new DispatchEventStatus?[] { DispatchEventStatus.Scheduled, DispatchEventStatus.Notified, DispatchEventStatus.Preconditioning, DispatchEventStatus.Active, DispatchEventStatus.Restoring }],
            done.History.Select(h => h.From));
        Assert.Equal("to Active", done.History[3].Cause);
        Assert.Equal(Start.AddMinutes((int)DispatchEventStatus.Active), done.History[3].AtUtc);
        Assert.Equal("a completed event cannot become active", done.MoveTo(DispatchEventStatus.Active, Start, "again").Refusal);
        Assert.NotNull(scheduled.MoveTo(DispatchEventStatus.Active, Start, "skipping notice").Refusal);
    }

    [Fact]
    public void Only_a_proposed_event_is_confirmed_and_any_not_over_may_be_cancelled()
    {
        var proposed = new DispatchEventBuilder().Proposed().Build();
        var active = new DispatchEventBuilder().Build().MoveTo(DispatchEventStatus.Notified, Start, "n").Event!.MoveTo(DispatchEventStatus.Active, Start, "a").Event!;

        var confirmed = proposed.Confirm(Start.AddDays(-1), "pm-1");
        var cancelled = active.Cancel(Start.AddMinutes(30), "grid no longer needs it");

        Assert.False(proposed.Holds);
        Assert.Equal(DispatchEventStatus.Scheduled, confirmed.Event!.Status);
        Assert.Equal("confirmed by pm-1", confirmed.Event.History[^1].Cause);
        Assert.NotNull(confirmed.Event.Confirm(Start, "pm-1").Refusal);
        Assert.Equal(DispatchEventStatus.Cancelled, cancelled.Event!.Status);
        Assert.False(cancelled.Event.Holds);
        Assert.NotNull(cancelled.Event.Cancel(Start, "twice").Refusal);
    }

    [Fact]
    public void Target_and_end_change_before_and_during_an_event_and_the_history_says_so()
    {
        var active = new DispatchEventBuilder().Build().MoveTo(DispatchEventStatus.Notified, Start, "n").Event!.MoveTo(DispatchEventStatus.Active, Start, "a").Event!;
        var now = Start.AddMinutes(20);

        var changed = active.Change(30_000, true, Start.AddHours(1), now, "pm-1").Event!;

        Assert.Equal(30_000, changed.TargetKw);
        Assert.Equal(Start.AddHours(1), changed.EndUtc);
        Assert.Equal(DispatchEventStatus.Active, changed.Status);
        Assert.Contains("target 40000 kW → 30000 kW", changed.History[^1].Cause, StringComparison.Ordinal);
        Assert.Null(changed.Change(null, true, null, now, "pm-1").Event!.TargetKw);
        Assert.Same(changed, changed.Change(30_000, true, null, now, "pm-1").Event);
        Assert.NotNull(changed.Change(null, false, Start.AddMinutes(10), now, "pm-1").Refusal);
        Assert.NotNull(changed.Change(0, true, null, now, "pm-1").Refusal);
        Assert.NotNull(changed.Cancel(now, "c").Event!.Change(1, true, null, now, "pm-1").Refusal);
    }

    [Fact]
    public void Device_types_are_kept_once_each_in_order()
    {
        var created = new DispatchEventBuilder().Types(DeviceType.Thermostat, DeviceType.Battery, DeviceType.Thermostat).Build();

        Assert.Equal([DeviceType.Battery, DeviceType.Thermostat], created.DeviceTypes);
    }
}
