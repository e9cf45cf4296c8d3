using System.Net;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application;
using Vpp.Application.Devices;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>
/// A running event whose shed commands the hub keeps refusing, on Azurite with a fast clock: once the step has used its
/// retries the event is failed, not left active, and the devices it did command are released at once.
/// </summary>
public sealed class DispatchFailureTests(FaultyHubStackFixture stack) : IClassFixture<FaultyHubStackFixture>
{
    private const string ProgramId = "ev-failing";
    private static readonly string[] Devices = ["f1", "f2", "f3"];

    [Fact]
    public async Task An_event_whose_commands_keep_failing_is_failed_with_the_step_as_its_cause_and_what_it_commanded_is_released_once()
    {
        var services = stack.App.Services;
        using var stop = new CancellationTokenSource();
        var (batteries, reporting) = await stack.ReportingBatteriesAsync(ProgramId, Devices, id => "c" + id, stop.Token);
        var (eventId, _) = await stack.CreateEventSoonAsync(ProgramId, 10, 90, 12);
        await stack.UntilAsync(ProgramId, eventId, e => e.GetProperty("status").GetString() is "notified" or "preconditioning", TimeSpan.FromSeconds(60));
        // One participant's shed goes through; the others' time out, as writes to twins the hub rejects do.
        var participants = (await services.GetRequiredService<IDispatchPlanStore>().ListAsync(eventId, CancellationToken.None))
            .Where(a => a.Role == DispatchRole.Participant).Select(a => a.DeviceId).Order(StringComparer.Ordinal).ToList();
        Assert.True(participants.Count >= 2, string.Join(",", participants));
        var hub = stack.FaultsOf<IDeviceHub>();
        hub.Delay = TimeSpan.FromSeconds(1);
        hub.Fails = (method, args) => method.Name == nameof(IDeviceHub.PatchDesiredAsync) && (string)args[0]! != participants[0]
            && ((JsonObject)args[1]!)[DispatchCommand.TwinProperty]?["step"]?.GetValue<string>() == "shed";
        var failed = await stack.UntilAsync(ProgramId, eventId, e => e.GetProperty("status").GetString() is "failed" or "completed" or "cancelled", TimeSpan.FromSeconds(150));
        var (instance, history) = await stack.FinishedAsync(eventId, stop, reporting, "failed-commands");

        var ledger = services.GetRequiredService<IDeviceCommandLedger>();
        var shed = await ledger.SentAsync(eventId, DispatchStep.Shed, CancellationToken.None);
        var preconditioned = await ledger.SentAsync(eventId, DispatchStep.Precondition, CancellationToken.None);
        var restored = await ledger.SentAsync(eventId, DispatchStep.Restore, CancellationToken.None);
        var told = await services.GetRequiredService<INotificationStore>().ListAsync(eventId, CancellationToken.None);
        var report = await stack.SendAsync(HttpMethod.Get, $"api/programs/{ProgramId}/events/{eventId}/report", null, HttpStatusCode.OK, Roles.ProgramManager);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        var last = failed.GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("active", "failed"), (last.GetProperty("from").GetString(), last.GetProperty("to").GetString()));
        Assert.StartsWith($"{CommandDevicesActivity.Name} failed after its retries: ", last.GetProperty("cause").GetString(), StringComparison.Ordinal);
        // The orchestration itself ends: the event's failure is its outcome, not the instance's.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, instance.RuntimeStatus);

        // Every device commanded (the one that shed, and any pre-conditioned before the start) is released at once,
        // once; so is a device whose shed was tried, as its twin might hold it.
        Assert.Equal([participants[0]], shed);
        var commanded = shed.Union(preconditioned).ToHashSet(StringComparer.Ordinal);
        Assert.Superset(commanded, restored.ToHashSet(StringComparer.Ordinal));
        Assert.Subset(participants.Union(preconditioned).ToHashSet(StringComparer.Ordinal), restored.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(batteries.CommandsSeen.Count, batteries.CommandsSeen.Distinct().Count());
        Assert.All(commanded, deviceId => Assert.Contains((deviceId, $"{eventId}/restore"), batteries.CommandsSeen));
        Assert.Equal("failed", report.GetProperty("outcome").GetString());
        Assert.Equal(1, report.GetProperty("participants").GetInt32() + report.GetProperty("reservesCalled").GetInt32());

        // Every customer told of the event is told, once, that it is off.
        Assert.Equal(Devices.Select(id => "c" + id), told.Select(n => n.CustomerId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(told.GroupBy(n => n.CustomerId), theirs => Assert.Equal([CustomerNotificationKind.Notice, CustomerNotificationKind.Cancelled], theirs.Select(n => n.Kind).Order()));

        Assert.Equal(DurableTasks.OrchestrationVersion, history.Version);
        history.AssertReplaysAsRecorded();
    }
}
