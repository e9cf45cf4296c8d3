using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using NCrontab;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Triggers;

/// <summary>Plays a timer trigger on the (possibly fast) local clock; a missed occurrence is reported as past due.</summary>
public sealed class TimerTriggerDriver(FunctionDefinition function, HandlerInvoker handler, ScaledTimeProvider clock, ILogger logger)
{
    private int invocations;

    public int Invocations => Volatile.Read(ref invocations);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Six fields, seconds first, as Azure Functions timers read them (with the same NCrontab library).
        var schedule = CrontabSchedule.Parse(function.Setting("schedule") ?? throw new InvalidOperationException($"{function.Name} has no schedule."),
            new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        DateTimeOffset? last = null;
        var next = Next(schedule, clock.GetUtcNow());
        if (function.Trigger.TryGetProperty("runOnStartup", out var onStartup) && onStartup.GetBoolean())
        {
            next = clock.GetUtcNow();
        }

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
            var data = new JsonObject
            {
                [function.BindingName] = new JsonObject
                {
                    ["Schedule"] = new JsonObject { ["AdjustForDST"] = true },
                    ["ScheduleStatus"] = new JsonObject
                    {
                        ["Last"] = (last ?? next).UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                        ["Next"] = following.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                        ["LastUpdated"] = now.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
                    },
                    ["IsPastDue"] = now - next > TimeSpan.FromSeconds(30),
                },
            };
            bool succeeded;
            try
            {
                succeeded = await handler.InvokeAsync(function.Name, data, [], cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }

            if (!succeeded)
            {
                logger.LogWarning("Timer function {Function} failed at {Time}", function.Name, now);
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
