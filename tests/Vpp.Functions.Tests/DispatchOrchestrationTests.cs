using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application;
using Vpp.Application.Devices;
using Vpp.Application.Dispatch;
using Vpp.Application.Programs;
using Vpp.Application.Telemetry;
using Vpp.Application.Tests;
using Vpp.Domain.Devices;
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
        await services.GetRequiredService<IProgramStore>().SaveAsync(new VppProgram(ProgramId, "Evening peaks", "America/Los_Angeles", 60), CancellationToken.None);
        foreach (var id in Devices)
        {
            var registration = new DeviceRegistration(id, ProgramId, DeviceType.Battery,
                new DeviceRatings { MaxImportKw = 5, MaxExportKw = 5, EnergyCapacityKwh = 13.5, BackupReservePct = 20, RoundTripEfficiency = 0.9 }, CustomerOf(id));
            await services.GetRequiredService<IDeviceRegistry>().SaveAsync(registration, CancellationToken.None);
            await services.GetRequiredService<IDeviceHub>().RegisterAsync(id, new System.Text.Json.Nodes.JsonObject { ["programId"] = ProgramId }, CancellationToken.None);
        }

        using var stop = new CancellationTokenSource();
        var batteries = new FollowingBatteries(services, Devices);
        var reporting = batteries.RunAsync(stack.Clock, stop.Token);
        await batteries.FirstReportsAsync(TimeSpan.FromSeconds(30));

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

        // One notification per customer, each delivered once.
        Assert.Equal(notifications.Select(n => n.CustomerId).Distinct().Count(), notifications.Count);
        Assert.All(notifications, n => Assert.Equal(1, n.Attempts));
        Assert.Contains(notifications, n => n.CustomerId == "c1" && n.DeviceIds.Order().SequenceEqual(["b1", "b2"]));

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

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string role, string? subject = null)
    {
        using var response = await stack.Http.SendAsync(stack.Request(method, path, role, body is null ? null : JsonContent.Create(body), subject));
        var read = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {response.StatusCode} {read}");
        return read;
    }

    private static DateTimeOffset Local(int hour, int minute) =>
        new(TimeZoneInfo.ConvertTimeToUtc(new DateTime(2026, 7, 14, hour, minute, 0, DateTimeKind.Unspecified), TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles")));

    /// <summary>A change that meets the orchestration moving the event on is refused (409: read it again) and is sent again.</summary>
    private async Task LowerTargetAsync(string eventId, double targetKw)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await stack.Http.SendAsync(stack.Request(HttpMethod.Patch, $"api/programs/{ProgramId}/events/{eventId}", Roles.ProgramManager, JsonContent.Create(new { targetKw })));
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 10)
            {
                Assert.True(response.IsSuccessStatusCode, $"PATCH target: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                return;
            }
        }
    }

    private async Task<JsonElement> UntilAsync(string eventId, Func<JsonElement, bool> reached, TimeSpan timeout)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var read = await SendAsync(HttpMethod.Get, $"api/programs/{ProgramId}/events/{eventId}", null, HttpStatusCode.OK, Roles.ProgramManager);
            if (reached(read))
            {
                return read;
            }

            if (waited.Elapsed >= timeout)
            {
                var instance = await stack.App.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>().GetInstanceAsync(eventId, getInputsAndOutputs: true);
                Assert.Fail($"event {eventId} did not get there in {timeout}: {read}; orchestration: {instance?.RuntimeStatus} {instance?.FailureDetails?.ErrorMessage} {instance?.FailureDetails?.StackTrace} {instance?.SerializedOutput}");
            }

            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Batteries that report each product minute through ingestion, idle unless their twin's <c>dispatchEvent</c> command
    /// gives a power for the interval (docs/device-twin.md), until its release time; they note every command id they see.
    /// </summary>
    private sealed class FollowingBatteries(IServiceProvider services, IReadOnlyList<string> deviceIds)
    {
        private readonly Dictionary<string, DateTimeOffset> next = [];
        private readonly Dictionary<string, string> lastCommand = [];
        private readonly TaskCompletionSource firstReports = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<(string DeviceId, string CommandId)> CommandsSeen { get; } = [];

        public async Task FirstReportsAsync(TimeSpan timeout) => await firstReports.Task.WaitAsync(timeout);

        public async Task RunAsync(TimeProvider clock, CancellationToken cancellationToken)
        {
            var hub = services.GetRequiredService<IDeviceHub>();
            var ingestion = services.GetRequiredService<TelemetryIngestion>();
            var start = Floor(clock.GetUtcNow()) - TimeSpan.FromMinutes(2);
            foreach (var id in deviceIds)
            {
                next[id] = start;
            }

            long sequence = 0;
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = clock.GetUtcNow();
                var batch = new List<TelemetryEvent>();
                foreach (var id in deviceIds)
                {
                    var twin = await hub.GetTwinAsync(id, CancellationToken.None);
                    var command = twin?.Desired[DispatchCommand.TwinProperty];
                    if (command?["commandId"]?.GetValue<string>() is { } commandId && lastCommand.GetValueOrDefault(id) != commandId)
                    {
                        lastCommand[id] = commandId;
                        CommandsSeen.Add((id, commandId));
                    }

                    while (next[id] + TimeSpan.FromMinutes(1) <= now)
                    {
                        var at = next[id];
                        var body = string.Create(CultureInfo.InvariantCulture,
                            $"{{\"schemaVersion\":1,\"sequence\":{(long)(at - DispatchStackFixture.Origin).TotalMinutes + 1000},\"timestamp\":\"{at.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"intervalSeconds\":60,\"deviceType\":\"battery\",\"powerKw\":{PowerAt(command, at)},\"stateOfChargePct\":80}}");
                        batch.Add(new TelemetryEvent(Encoding.UTF8.GetBytes(body), id, "0", ++sequence, now));
                        next[id] = at + TimeSpan.FromMinutes(1);
                    }
                }

                if (batch.Count > 0)
                {
                    await ingestion.IngestAsync(batch, CancellationToken.None);
                    firstReports.TrySetResult();
                }

                await Task.Delay(200, CancellationToken.None);
            }
        }

        private static double PowerAt(System.Text.Json.Nodes.JsonNode? command, DateTimeOffset at)
        {
            if (command is null || !DateTimeOffset.TryParse(command["planStartUtc"]?.GetValue<string>(), CultureInfo.InvariantCulture, out var planStart) ||
                !DateTimeOffset.TryParse(command["releaseUtc"]?.GetValue<string>(), CultureInfo.InvariantCulture, out var release) || at >= release || at < planStart)
            {
                return 0;
            }

            var index = (int)((at - planStart) / TimeSpan.FromMinutes(command["intervalMinutes"]!.GetValue<int>()));
            return command["powerKw"] is System.Text.Json.Nodes.JsonArray power && index < power.Count && power[index] is { } kw ? kw.GetValue<double>() : 0;
        }

        private static DateTimeOffset Floor(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }
}
