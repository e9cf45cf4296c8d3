using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using NCrontab;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Triggers;

/// <summary>
/// Plays a timer trigger on the (possibly fast) local clock, from the function's <see cref="TimerTriggerAttribute"/>;
/// a missed occurrence is reported as past due.
/// </summary>
public sealed class TimerTriggerDriver(string function, TimerTriggerAttribute trigger, FunctionInvoker invoker, ScaledTimeProvider clock, ILogger logger)
{
    private int invocations;

    public int Invocations => Volatile.Read(ref invocations);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Six fields, seconds first, as Azure Functions timers read them (with the same NCrontab library).
        var schedule = CrontabSchedule.Parse(trigger.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        DateTimeOffset? last = null;
        var next = trigger.RunOnStartup ? clock.GetUtcNow() : Next(schedule, clock.GetUtcNow());
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(clock.ToWallTime(next - clock.GetUtcNow()), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var now = clock.GetUtcNow();
            var following = Next(schedule, now);
            try
            {
                await invoker.InvokeAsync(function, FunctionInvoker.Timer(next, following, now, last), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Timer function {Function} failed at {Time}", function, now);
            }

            Interlocked.Increment(ref invocations);
            last = next;
            next = following;
        }
    }

    /// <summary>The first occurrence after <paramref name="after"/>, in UTC as the schedules are.</summary>
    private static DateTimeOffset Next(CrontabSchedule schedule, DateTimeOffset after) =>
        new(DateTime.SpecifyKind(schedule.GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
