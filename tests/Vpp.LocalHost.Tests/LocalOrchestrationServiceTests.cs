using System.Reflection;
using DurableTask.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Vpp.LocalHost.Durable;

namespace Vpp.LocalHost.Tests;

/// <summary>
/// The local orchestration service keeps a running activity's queue message locked, as the framework's dispatcher
/// would, so a long activity is not taken again while it runs; and stops before the message is completed or abandoned.
/// The provider underneath is a recording fake whose locks last 20 s, the local stack's visibility timeout.
/// </summary>
public sealed class LocalOrchestrationServiceTests
{
    private static readonly TimeSpan Lock = TimeSpan.FromSeconds(20);
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 7, 14, 17, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<LocalOrchestrationService> log = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_activity_that_outlasts_its_lock_keeps_it_until_completed_or_abandoned_and_no_longer(bool abandon)
    {
        var (service, provider) = Create();
        var workItem = await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), CancellationToken.None);

        var lapsed = await RunAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1), () => workItem.LockedUntilUtc <= time.GetUtcNow().UtcDateTime);
        Assert.False(lapsed, "the lock ran out while the activity ran");
        Assert.InRange(provider.Renewals, 8, 13);

        await (abandon ? service.AbandonTaskActivityWorkItemAsync(workItem) : service.CompleteTaskActivityWorkItemAsync(workItem, new TaskMessage()));
        var renewals = provider.Renewals;
        await RunAsync(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1));
        Assert.Equal(renewals, provider.Renewals);
        Assert.Equal([abandon ? "Abandon" : "Complete"], provider.Ends);
    }

    [Fact]
    public async Task A_work_item_the_worker_never_answers_is_held_fifteen_minutes_at_most()
    {
        var (service, provider) = Create();
        await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), CancellationToken.None);

        await RunAsync(ActivityLockRenewals.MaxHold + TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));
        var renewals = provider.Renewals;
        await RunAsync(TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(10));

        Assert.Equal(renewals, provider.Renewals);
        Assert.InRange(renewals, 80, 91);
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("no longer held", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_renewal_that_fails_is_logged_and_not_tried_again()
    {
        var (service, provider) = Create();
        provider.RenewalFails = true;
        await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), CancellationToken.None);

        await RunAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));

        Assert.Equal(1, provider.Renewals);
        Assert.Contains(log.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("may be taken again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_work_item_the_provider_has_forgotten_is_renewed_no_more()
    {
        var (service, provider) = Create();
        provider.Forgets = true;
        await service.LockNextTaskActivityWorkItem(TimeSpan.FromSeconds(30), CancellationToken.None);

        await RunAsync(TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1));

        Assert.Equal(1, provider.Renewals);
    }

    private (LocalOrchestrationService Service, RecordingActivityProvider Provider) Create()
    {
        var provider = DispatchProxy.Create<IOrchestrationService, RecordingActivityProvider>();
        var queue = (RecordingActivityProvider)(object)provider;
        queue.Time = time;
        return (new LocalOrchestrationService(provider, time, log), queue);
    }

    /// <summary>
    /// Moves the fake clock on in steps, letting the renewal loop run after each; true if <paramref name="lapsed"/> was
    /// seen after any step.
    /// </summary>
    private async Task<bool> RunAsync(TimeSpan span, TimeSpan step, Func<bool>? lapsed = null)
    {
        var seen = false;
        for (var moved = TimeSpan.Zero; moved < span; moved += step)
        {
            time.Advance(step);
            await Task.Delay(15);
            seen |= lapsed?.Invoke() == true;
        }

        return seen;
    }

    /// <summary>
    /// The provider's activity queue as the framework's contract has it: a lock lasts 20 s from a take or a renewal; a
    /// renewal of a work item it no longer knows expires it. Counts renewals and records how each work item ended.
    /// </summary>
    public class RecordingActivityProvider : DispatchProxy
    {
        private int renewals;

        public TimeProvider Time { get; set; } = TimeProvider.System;

        public bool RenewalFails { get; set; }

        public bool Forgets { get; set; }

        public int Renewals => Volatile.Read(ref renewals);

        public List<string> Ends { get; } = [];

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            var now = Time.GetUtcNow().UtcDateTime;
            switch (targetMethod?.Name)
            {
                case nameof(IOrchestrationService.LockNextTaskActivityWorkItem):
                    return Task.FromResult(new TaskActivityWorkItem { Id = "message-1", LockedUntilUtc = now + Lock });
                case nameof(IOrchestrationService.RenewTaskActivityWorkItemLockAsync):
                    Interlocked.Increment(ref renewals);
                    var workItem = (TaskActivityWorkItem)args![0]!;
                    if (RenewalFails)
                    {
                        return Task.FromException<TaskActivityWorkItem>(new InvalidOperationException("The queue refused the update."));
                    }

                    workItem.LockedUntilUtc = Forgets ? now : now + Lock;
                    return Task.FromResult(workItem);
                case nameof(IOrchestrationService.CompleteTaskActivityWorkItemAsync):
                    Ends.Add("Complete");
                    return Task.CompletedTask;
                case nameof(IOrchestrationService.AbandonTaskActivityWorkItemAsync):
                    Ends.Add("Abandon");
                    return Task.CompletedTask;
                default:
                    throw new NotSupportedException($"{targetMethod?.Name} is not part of the activity queue.");
            }
        }
    }
}
