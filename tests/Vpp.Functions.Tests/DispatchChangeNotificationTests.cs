using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application;
using Vpp.Application.Dispatch;
using Vpp.Domain.Dispatch;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>
/// A running event changed and then cancelled through the API on Azurite with a fast clock: the customers told of it are
/// told of each change once, and the devices are restored at once.
/// </summary>
public sealed class DispatchChangeNotificationTests(DispatchStackFixture stack) : IClassFixture<DispatchStackFixture>
{
    private const string ProgramId = "ev-changed";
    private static readonly string[] Devices = ["k1", "k2", "k3"];
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public async Task Customers_told_of_an_event_are_told_once_that_its_end_moved_and_once_that_it_was_cancelled()
    {
        var services = stack.App.Services;
        using var stop = new CancellationTokenSource();
        var (batteries, reporting) = await stack.ReportingBatteriesAsync(ProgramId, Devices, id => "c" + id, stop.Token);

        // Ten product minutes from now (ten seconds), for forty minutes; shortened to thirty once it runs, then cancelled.
        var (eventId, start) = await stack.CreateEventSoonAsync(ProgramId, 10, 40, 6);
        await stack.UntilAsync(ProgramId, eventId, e => e.GetProperty("status").GetString() == "active" && e.GetProperty("delivery").GetArrayLength() >= 2, TimeSpan.FromSeconds(90));
        await stack.ChangeEventAsync(HttpMethod.Patch, ProgramId, eventId, string.Empty, new { end = DispatchStackFixture.LocalText(start.AddMinutes(30)) });
        var notifications = services.GetRequiredService<INotificationStore>();
        await Eventually(async () => (await notifications.ListAsync(eventId, CancellationToken.None)).Count(n => n.Kind == CustomerNotificationKind.Changed) == Devices.Length, TimeSpan.FromSeconds(60));
        await stack.ChangeEventAsync(HttpMethod.Post, ProgramId, eventId, "/cancel", null);
        var (_, history) = await stack.FinishedAsync(eventId, stop, reporting, "changed-and-cancelled");
        var cancelled = await stack.SendAsync(HttpMethod.Get, $"api/programs/{ProgramId}/events/{eventId}", null, HttpStatusCode.OK, Roles.ProgramManager);

        var told = await notifications.ListAsync(eventId, CancellationToken.None);
        var shed = await services.GetRequiredService<IDeviceCommandLedger>().SentAsync(eventId, DispatchStep.Shed, CancellationToken.None);
        var restored = await services.GetRequiredService<IDeviceCommandLedger>().SentAsync(eventId, DispatchStep.Restore, CancellationToken.None);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        var newEnd = new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(start.AddMinutes(30), LosAngeles));
        foreach (var customerId in Devices.Select(id => "c" + id))
        {
            var theirs = told.Where(n => n.CustomerId == customerId).OrderBy(n => n.ChangedUtc ?? DateTimeOffset.MinValue).ToList();
            Assert.Equal([CustomerNotificationKind.Notice, CustomerNotificationKind.Changed, CustomerNotificationKind.Cancelled], theirs.Select(n => n.Kind));
            Assert.All(theirs, n => Assert.Equal((1, (string?)null), (n.Attempts, n.LastError)));
            Assert.Equal(newEnd, theirs[1].EndUtc);
            Assert.True(theirs[1].ChangedUtc < theirs[2].ChangedUtc, $"{theirs[1].ChangedUtc} then {theirs[2].ChangedUtc}");
        }

        // Every device that shed is restored, once.
        Assert.Equal(Devices.Length, shed.Count);
        Assert.Equal(shed.Order(), restored.Order());
        Assert.Equal(batteries.CommandsSeen.Count, batteries.CommandsSeen.Distinct().Count());

        Assert.Equal(DurableTasks.OrchestrationVersion, history.Version);
        history.AssertReplaysAsRecorded();
    }

    private static async Task Eventually(Func<Task<bool>> done, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await done())
        {
            Assert.True(waited.Elapsed < timeout, $"not done in {timeout}");
            await Task.Delay(250);
        }
    }
}
