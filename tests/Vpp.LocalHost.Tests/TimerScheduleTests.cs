using NCrontab;
using Vpp.Functions.Hosting;
using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Tests;

public sealed class TimerScheduleTests
{
    [Fact]
    public void The_function_apps_timer_schedules_are_six_field_ncrontab_and_fire_when_the_readme_says()
    {
        var at = new DateTime(2026, 11, 21, 10, 15, 30, DateTimeKind.Utc);
        DateTime Next(string function) =>
            CrontabSchedule.Parse(FunctionCatalog.Instance.Timers.Single(t => t.Function.Name == function).Trigger.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }).GetNextOccurrence(at);

        Assert.Equal(["DispatchSweep", "FleetSnapshot", "ForecastRefresh", "ScheduleOptimize", "SettlementStart"], FunctionCatalog.Instance.Timers.Select(t => t.Function.Name));
        Assert.Equal(new DateTime(2026, 11, 21, 10, 20, 0, DateTimeKind.Utc), Next("DispatchSweep"));
        Assert.Equal(new DateTime(2026, 11, 21, 10, 16, 0, DateTimeKind.Utc), Next("FleetSnapshot"));
        Assert.Equal(new DateTime(2026, 11, 21, 10, 30, 0, DateTimeKind.Utc), Next("ScheduleOptimize"));
        Assert.Equal(new DateTime(2026, 11, 21, 11, 5, 0, DateTimeKind.Utc), Next("ForecastRefresh"));
        Assert.Equal(new DateTime(2026, 11, 21, 10, 20, 0, DateTimeKind.Utc), Next("SettlementStart"));
        Assert.Equal(1000, EventHubBatchSettings.Load(EventHubBatchSettings.DefaultHostJson).MaxEventBatchSize);
    }
}
