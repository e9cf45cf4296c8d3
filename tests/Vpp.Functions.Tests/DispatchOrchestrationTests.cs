using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application;
using Vpp.Application.Dispatch;
using Vpp.Application.Tests;
using Vpp.Domain.Dispatch;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>
/// A dispatch event run end to end through the API on Azurite with a fast clock: batteries that report every minute
/// and follow their twins' event commands, a customer who opts out before the start, and the event planned, notified,
/// commanded, watched, restored, reported and completed, each device commanded once per step.
/// </summary>
public sealed class DispatchOrchestrationTests(DispatchStackFixture stack) : IClassFixture<DispatchStackFixture>
{
    private const string ProgramId = "ev-run";
    private static readonly string[] Devices = ["b1", "b2", "b3", "b4", "b5", "b6"];

    private static string CustomerOf(string deviceId) => deviceId == "b2" ? "c1" : "c" + deviceId[1..];

    [Fact]
    public async Task An_event_runs_from_notice_to_report_honouring_an_opt_out_and_commanding_each_device_once_per_step()
    {
        var services = stack.App.Services;
        using var stop = new CancellationTokenSource();
        var (batteries, reporting) = await stack.ReportingBatteriesAsync(ProgramId, Devices, CustomerOf, stop.Token);

        var created = await SendAsync(HttpMethod.Post, $"api/programs/{ProgramId}/events",
            new { kind = "reduce", start = "2026-07-14T17:05", end = "2026-07-14T17:25", targetKw = 20, deviceTypes = new[] { "battery" }, notice = "immediate", message = "Please save power" },
            HttpStatusCode.Created, Roles.ProgramManager);
        var eventId = created.GetProperty("eventId").GetString()!;
        await UntilAsync(eventId, e => e.GetProperty("status").GetString() is "notified" or "preconditioning" or "active", TimeSpan.FromSeconds(60));
        var optOut = await SendAsync(HttpMethod.Post, "api/devices/b6/opt-outs", new { untilUtc = "2026-07-15T02:00:00Z", reason = "guests tonight" }, HttpStatusCode.Created, Roles.Customer, "c6");
        // Once the devices shed, the manager halves the target: what it no longer needs is released early.
        await UntilAsync(eventId, e => e.GetProperty("status").GetString() == "active" && e.GetProperty("delivery").GetArrayLength() >= 2, TimeSpan.FromSeconds(90));
        await LowerTargetAsync(eventId, 10);
        var completed = await UntilAsync(eventId, e => e.GetProperty("status").GetString() is "completed" or "cancelled" or "failed", TimeSpan.FromSeconds(150));
        await stop.CancelAsync();
        await reporting;
        using var finishing = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(eventId, finishing.Token);
        var history = services.GetRequiredService<OrchestrationRecorder>().Finished(eventId);
        history.SaveWhenAsked("opted-out-and-lowered");

        var ledger = services.GetRequiredService<IDeviceCommandLedger>();
        var shed = await ledger.SentAsync(eventId, DispatchStep.Shed, CancellationToken.None);
        var restored = await ledger.SentAsync(eventId, DispatchStep.Restore, CancellationToken.None);
        var plan = await services.GetRequiredService<IDispatchPlanStore>().ListAsync(eventId, CancellationToken.None);
        var notifications = await services.GetRequiredService<INotificationStore>().ListAsync(eventId, CancellationToken.None);
        var report = await SendAsync(HttpMethod.Get, $"api/programs/{ProgramId}/events/{eventId}/report", null, HttpStatusCode.OK, Roles.ProgramManager);
        using var csvResponse = await stack.Http.SendAsync(stack.Request(HttpMethod.Get, $"api/programs/{ProgramId}/events/{eventId}/report?format=csv", Roles.ProgramManager));
        var csv = await csvResponse.Content.ReadAsStringAsync();
        var mine = await SendAsync(HttpMethod.Get, "api/devices/b1/events?from=2026-07-14T00:00:00Z&to=2026-07-16T00:00:00Z", null, HttpStatusCode.OK, Roles.Customer, "c1");
        var releasedEarly = plan.Where(a => a.ReleasedUtc is not null).ToList();
        Assert.NotEmpty(releasedEarly);
        var released = releasedEarly[0];
        var theirs = await SendAsync(HttpMethod.Get, $"api/devices/{released.DeviceId}/events?from=2026-07-14T00:00:00Z&to=2026-07-16T00:00:00Z", null, HttpStatusCode.OK, Roles.Customer, CustomerOf(released.DeviceId));
        using var stranger = await stack.Http.SendAsync(stack.Request(HttpMethod.Get, "api/devices/b1/events", Roles.Customer, subject: "c9"));
        using var anonymous = await stack.Http.SendAsync(stack.Request(HttpMethod.Get, $"api/programs/{ProgramId}/events/{eventId}/report", null));

        Assert.Equal("completed", completed.GetProperty("status").GetString());
        var states = completed.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()).ToList();
        Assert.Equal(["scheduled", "notified"], states.Take(2));
        Assert.Equal(["active", "restoring", "completed"], states.TakeLast(3));
        Assert.True(completed.GetProperty("delivery").GetArrayLength() >= 10, completed.GetProperty("delivery").ToString());
        Assert.Equal(2, completed.GetProperty("plan").GetProperty("version").GetInt32());
        // The plan says how the planner's solve went: a run cut short by its limit would be told apart from the fleet.
        Assert.Equal("Optimal", completed.GetProperty("plan").GetProperty("solverStatus").GetString());
        var search = completed.GetProperty("plan").GetProperty("search");
        Assert.InRange(search.GetProperty("keptRound").GetInt32(), 1, search.GetProperty("rounds").GetInt32());
        Assert.False(search.GetProperty("stoppedAtLimit").GetBoolean());

        // The customer who opted out is neither commanded nor counted on; everyone else sheds once and is restored once.
        Assert.NotNull(optOut.GetProperty("optOutId").GetString());
        Assert.DoesNotContain("b6", shed);
        Assert.NotNull(plan.Single(a => a.DeviceId == "b6").OptedOutUtc);
        Assert.True(shed.Count >= 4, string.Join(",", shed));
        Assert.Equal(shed.Order(), restored.Intersect(shed).Order());
        Assert.All(releasedEarly, a => Assert.InRange(a.ReleasedUtc!.Value, Local(17, 5), Local(17, 25)));
        Assert.True(shed.Count - releasedEarly.Count >= 3, $"{shed.Count} shed, {releasedEarly.Count} released: 10 kW and its margin take three batteries");
        Assert.Equal(batteries.CommandsSeen.Count, batteries.CommandsSeen.Distinct().Count());
        foreach (var deviceId in shed)
        {
            Assert.Contains((deviceId, $"{eventId}/shed"), batteries.CommandsSeen);
            Assert.Contains((deviceId, $"{eventId}/restore"), batteries.CommandsSeen);
        }

        // One notice per customer; then those whose devices were released early are told so, about those devices;
        // each delivered once.
        var notices = notifications.Where(n => n.Kind == CustomerNotificationKind.Notice).ToList();
        Assert.Equal(notices.Select(n => n.CustomerId).Distinct().Count(), notices.Count);
        Assert.Contains(notices, n => n.CustomerId == "c1" && n.DeviceIds.Order().SequenceEqual(["b1", "b2"]));
        var releaseNotes = notifications.Where(n => n.Kind == CustomerNotificationKind.ReleasedEarly).ToList();
        Assert.Equal(
            releasedEarly.GroupBy(a => a.CustomerId!).Select(g => (g.Key, string.Join(',', g.Select(a => a.DeviceId).Order()))).Order(),
            releaseNotes.Select(n => (n.CustomerId, string.Join(',', n.DeviceIds.Order()))).Order());
        Assert.All(releaseNotes, n => Assert.Equal(released.ReleasedUtc, n.ChangedUtc));
        Assert.Equal(notifications.Count, notices.Count + releaseNotes.Count);
        Assert.All(notifications, n => Assert.Equal(1, n.Attempts));

        // Delivered energy is what the batteries discharged against their idle baseline.
        Assert.True(report.GetProperty("deliveredKwh").GetDouble() > 3, report.GetProperty("deliveredKwh").ToString());
        Assert.Equal(shed.Count, report.GetProperty("participants").GetInt32() + report.GetProperty("reservesCalled").GetInt32());
        Assert.Equal(1, report.GetProperty("optOuts").GetInt32());
        Assert.StartsWith(DispatchReportCsvHeader, csv, StringComparison.Ordinal);
        Assert.Contains($"{eventId},TOTAL,", csv, StringComparison.Ordinal);
        var part = Assert.Single(mine.GetProperty("events").EnumerateArray());
        Assert.Equal("taking part", part.GetProperty("part").GetString());
        Assert.True(part.GetProperty("deliveredKwh").GetDouble() > 0);
        // A customer whose device was released early sees when, and so does the report's CSV.
        Assert.Equal(released.ReleasedUtc, Assert.Single(theirs.GetProperty("events").EnumerateArray()).GetProperty("releasedUtc").GetDateTimeOffset());
        var releasedRows = csv.Split('\n').Where(line => line.StartsWith($"{eventId},{released.DeviceId},", StringComparison.Ordinal)).Select(line => line.Split(',')[8]).Distinct();
        Assert.Equal(released.ReleasedUtc!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), Assert.Single(releasedRows));
        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        // The event's orchestration, stamped with today's version, replays from its history as it ran (ADR 0040).
        Assert.Equal(DurableTasks.OrchestrationVersion, history.Version);
        history.AssertReplaysAsRecorded();
    }

    private const string DispatchReportCsvHeader = "event_id,device_id,customer_id,device_type,role,commanded,opted_out_utc,overridden_utc,released_utc,interval_start_utc,baseline_kw,measured_kw,delivered_kw,delivered_kwh";

    private Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string role, string? subject = null) =>
        stack.SendAsync(method, path, body, expected, role, subject);

    private static DateTimeOffset Local(int hour, int minute) =>
        new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 7, 14, hour, minute, 0, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")));

    private Task LowerTargetAsync(string eventId, double targetKw) => stack.ChangeEventAsync(HttpMethod.Patch, ProgramId, eventId, string.Empty, new { targetKw });

    private Task<JsonElement> UntilAsync(string eventId, Func<JsonElement, bool> reached, TimeSpan timeout) => stack.UntilAsync(ProgramId, eventId, reached, timeout);
}
