using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Dispatch;
using Vpp.Application.Programs;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Functions.Dispatch;
using Vpp.LocalHost.Triggers;

namespace Vpp.Functions.Tests;

/// <summary>The DispatchSweep timer on the durable stack: a scheduled event whose orchestration never started gets one, once.</summary>
public sealed class DispatchSweepTests(DispatchStackFixture stack) : IClassFixture<DispatchStackFixture>
{
    [Fact]
    public async Task A_scheduled_event_without_an_orchestration_gets_one_and_a_second_sweep_starts_nothing_more()
    {
        var services = stack.App.Services;
        var programId = "sweep-" + Guid.NewGuid().ToString("N")[..8];
        await services.GetRequiredService<IProgramStore>().SaveAsync(new VppProgram(programId, "Sweep", "America/Los_Angeles", 60), CancellationToken.None);
        var now = stack.Clock.GetUtcNow();
        // Stored as the API stores it, as if the host died before starting its orchestration; and a proposed one, which waits for a manager.
        var (scheduled, _) = DispatchEvent.Create($"ev-{programId}", programId, DispatchEventKind.Reduce, now.AddDays(2), now.AddDays(2).AddHours(2), 50,
            [DeviceType.Battery], null, DispatchNotice.DayAhead, false, null, false, "created by pm-1", now);
        var (proposed, _) = DispatchEvent.Create($"ev-{programId}-p", programId, DispatchEventKind.Reduce, now.AddDays(3), now.AddDays(3).AddHours(2), 50,
            [DeviceType.Battery], null, DispatchNotice.DayAhead, false, null, true, "proposed by forecast", now);
        var events = services.GetRequiredService<IDispatchEventStore>();
        Assert.True(await events.AddAsync(scheduled!, CancellationToken.None));
        Assert.True(await events.AddAsync(proposed!, CancellationToken.None));
        var durable = services.GetRequiredService<DurableTaskClient>();
        var invoker = services.GetRequiredService<FunctionInvoker>();

        Assert.Null(await durable.GetInstanceAsync(scheduled!.EventId));
        await invoker.InvokeAsync(DispatchSweepFunction.Name, FunctionInvoker.Timer(now, now.AddMinutes(5), now, null), CancellationToken.None);
        var started = await durable.GetInstanceAsync(scheduled.EventId);
        await invoker.InvokeAsync(DispatchSweepFunction.Name, FunctionInvoker.Timer(now, now.AddMinutes(5), now, null), CancellationToken.None);
        var afterSecond = await durable.GetInstanceAsync(scheduled.EventId);

        Assert.NotNull(started);
        Assert.Equal(DispatchEventOrchestrator.Name, started!.Name);
        // The same instance: a second start would have replaced it, created later by at least the sweep's own time. (Read
        // while still pending, an instance may show a creation time a moment later than once it runs.)
        Assert.True(afterSecond!.CreatedAt - started.CreatedAt < TimeSpan.FromMilliseconds(1), $"{started.CreatedAt:O} then {afterSecond.CreatedAt:O}");
        Assert.Null(await durable.GetInstanceAsync(proposed!.EventId));
    }
}
