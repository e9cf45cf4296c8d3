using Vpp.LocalHost.Triggers;

namespace Vpp.LocalHost.Tests;

public sealed class NcrontabScheduleTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 21, 10, 15, 30, TimeSpan.Zero);

    [Theory]
    [InlineData("0 * * * * *", "2026-11-21T10:16:00Z")]
    [InlineData("*/10 * * * * *", "2026-11-21T10:15:40Z")]
    [InlineData("0 */15 * * * *", "2026-11-21T10:30:00Z")]
    [InlineData("0 0 * * * *", "2026-11-21T11:00:00Z")]
    [InlineData("0 30 9 * * 1-5", "2026-11-23T09:30:00Z")]
    [InlineData("0 0 0 1 1 *", "2027-01-01T00:00:00Z")]
    [InlineData("15,45 5 10 * * *", "2026-11-22T10:05:15Z")]
    public void Next_occurrence_follows_six_field_ncrontab(string expression, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), NcrontabSchedule.Parse(expression).Next(At));
    }

    [Theory]
    [InlineData("* * * * *")]
    [InlineData("61 * * * * *")]
    [InlineData("0 * * * * mon")]
    [InlineData("0 */0 * * * *")]
    public void Bad_expressions_are_rejected_with_the_expression_named(string expression)
    {
        var error = Assert.Throws<FormatException>(() => NcrontabSchedule.Parse(expression));

        Assert.Contains(expression.Split(' ')[0], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_function_apps_timer_schedules_parse()
    {
        var catalog = FunctionCatalog.Load(Path.Combine(AppContext.BaseDirectory, "functionapp"));

        var timers = catalog.Functions.Where(f => f.TriggerType == "timerTrigger").ToList();

        Assert.Contains(timers, t => t.Name == "FleetSnapshot");
        Assert.All(timers, t => NcrontabSchedule.Parse(t.Setting("schedule")!));
        Assert.Equal(1000, catalog.Extension("eventHubs", "maxEventBatchSize")!.Value.GetInt32());
    }
}
