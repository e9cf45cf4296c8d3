using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vpp.Application.Dispatch;
using Vpp.Application.Telemetry;
using Vpp.Domain.Devices;
using Vpp.Domain.Dispatch;
using Vpp.Domain.Telemetry;
using Vpp.Functions.Security;
using Vpp.Infrastructure.DeviceHub;
using Vpp.Infrastructure.Storage;
using Vpp.Infrastructure.Tables;
using Vpp.LocalHost.Azurite;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

/// <summary>
/// A dispatch event on the local host as its own process over a test-owned Azurite, with a fast clock kept across
/// restarts: the host is killed with SIGKILL once the event is notified (or pre-conditioning), once it is active, once
/// the devices a target lowered during it no longer needs are picked for release, and once it is restoring, and started
/// again each time. The event completes once, every move in its history once, each device
/// commanded once per step (its twin's version counts the writes) and each customer notified once of the event and,
/// when its devices were released early, once of that.
/// </summary>
public sealed class DispatchCrashTests : IAsyncLifetime
{
    private const double Speed = 30;
    private const string ProgramId = "crash";
    private static readonly DateTimeOffset Origin = new(2026, 7, 14, 23, 50, 0, TimeSpan.Zero);
    private readonly DateTimeOffset wallStart = TimeProvider.System.GetUtcNow();
    private readonly string state = Directory.CreateTempSubdirectory("vpp-dispatch-crash-").FullName;
    private readonly HttpClient http = new();
    private AzuriteProcess? azurite;

    public async Task InitializeAsync() => azurite = await AzuriteProcess.StartAsync(Path.Combine(state, "azurite"));

    public async Task DisposeAsync()
    {
        http.Dispose();
        if (azurite is not null)
        {
            await azurite.DisposeAsync();
        }

        Directory.Delete(state, recursive: true);
    }

    private DateTimeOffset ProductNow => Origin + ((TimeProvider.System.GetUtcNow() - wallStart) * Speed);

    [Fact]
    public async Task An_event_whose_host_is_killed_at_each_step_completes_once_with_each_command_and_notification_once()
    {
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            LocalSecrets.LoadOrCreate(state).MintToken(Roles.ProgramManager, "crash-test", TimeSpan.FromHours(1)));
        var tables = new StorageTables(StorageAccount.FromConnectionString(azurite!.ConnectionString));
        var fleet = new TableFleetStore(tables);
        var twins = new LocalDeviceHub(tables, new TwinChangeFeed(), TimeProvider.System);
        var devices = Enumerable.Range(0, 8).Select(i => new DeviceRegistration($"crash-bat-{i}", ProgramId, DeviceType.Battery,
            new DeviceRatings { MaxImportKw = 5, MaxExportKw = 5, EnergyCapacityKwh = 13.5, BackupReservePct = 20, RoundTripEfficiency = 0.9 }, $"crash-c{i % 6}")).ToList();

        var host = await StartHostAsync();
        using var stopReadings = new CancellationTokenSource();
        Task? readings = null;
        string eventId;
        try
        {
            using (var program = await http.PutAsJsonAsync(new Uri(host.Api, $"programs/{ProgramId}"), new { name = "Crash", timeZone = "America/Los_Angeles" }))
            {
                program.EnsureSuccessStatusCode();
            }

            foreach (var device in devices)
            {
                await fleet.SaveAsync(device, CancellationToken.None);
                await twins.RegisterAsync(device.DeviceId, new System.Text.Json.Nodes.JsonObject { ["programId"] = ProgramId }, CancellationToken.None);
            }

            // The batteries report every product minute, idle at 80 %, whether or not the host is up.
            readings = ReportAsync(fleet, devices, stopReadings.Token);
            await Eventually.ReachAsync(async () => (await fleet.ListFleetAsync(ProgramId, CancellationToken.None)).Count(d => d.Latest is not null), n => n == devices.Count, TimeSpan.FromSeconds(30));
            using var created = await http.PostAsJsonAsync(new Uri(host.Api, $"programs/{ProgramId}/events"),
                new { kind = "reduce", start = "2026-07-14T17:08", end = "2026-07-14T17:30", targetKw = 15, deviceTypes = new[] { "battery" }, notice = "immediate" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            eventId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("eventId").GetString()!;

            // Killed once customers are told, once it is active, once the devices a lowered target no longer needs are
            // picked for release, and once it is restoring; each time started again.
            var plans = new TableDispatchPlanStore(tables);
            foreach (var reached in new[] { new[] { "notified", "preconditioning" }, ["active"], ["released"], ["restoring"] })
            {
                if (reached[0] == "released")
                {
                    // A change that meets the orchestration moving the event on is refused (409: read it again) and is sent again.
                    var lowered = await Eventually.ReachAsync(async () =>
                    {
                        using var response = await http.PatchAsJsonAsync(new Uri(host.Api, $"programs/{ProgramId}/events/{eventId}"), new { targetKw = 5 });
                        return response.StatusCode;
                    }, status => status != System.Net.HttpStatusCode.Conflict, TimeSpan.FromSeconds(30));
                    Assert.Equal(System.Net.HttpStatusCode.OK, lowered);
                    await Eventually.ReachAsync(async () => (await plans.ListAsync(eventId, CancellationToken.None)).Count(a => a.ReleasedUtc is not null), n => n > 0, TimeSpan.FromMinutes(2));
                }
                else
                {
                    await Eventually.ReachAsync(() => StatusAsync(host.Api, eventId), s => reached.Contains(s), TimeSpan.FromMinutes(2));
                }

                LocalHostProcess.Kill(host.Process);
                host = await StartHostAsync();
            }

            var completed = await Eventually.ReachAsync(() => EventAsync(host.Api, eventId), e => e.ValueKind == JsonValueKind.Object && e.GetProperty("status").GetString() == "completed", TimeSpan.FromMinutes(3));
            // A manager's change is recorded in the history without a move (from and to the same state).
            var history = completed.GetProperty("history").EnumerateArray().ToList();
            var moves = history.Where(h => h.GetProperty("from").GetString() != h.GetProperty("to").GetString()).Select(h => h.GetProperty("to").GetString()).ToList();
            var changes = history.Count(h => h.GetProperty("from").GetString() == h.GetProperty("to").GetString());
            var ledger = new TableDeviceCommandLedger(tables);
            var sentSteps = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var step in Enum.GetValues<DispatchStep>())
            {
                foreach (var deviceId in await ledger.SentAsync(eventId, step, CancellationToken.None))
                {
                    sentSteps[deviceId] = sentSteps.GetValueOrDefault(deviceId) + 1;
                }
            }

            var restoredIds = await ledger.SentAsync(eventId, DispatchStep.Restore, CancellationToken.None);
            var notifications = await new TableNotificationStore(tables).ListAsync(eventId, CancellationToken.None);
            var report = await new BlobDispatchReportStore(tables).FindAsync(ProgramId, eventId, CancellationToken.None);

            Assert.Equal(moves.Distinct().Count(), moves.Count);
            Assert.Equal(1, changes);
            Assert.Equal("completed", moves[^1]);
            Assert.Contains("active", moves);
            Assert.Contains("restoring", moves);
            var releasedParts = (await plans.ListAsync(eventId, CancellationToken.None)).Where(a => a.ReleasedUtc is not null).ToList();
            var released = releasedParts.Select(a => a.DeviceId).ToList();
            Assert.NotEmpty(released);
            Assert.All(released, id => Assert.Contains(id, restoredIds));
            Assert.NotEmpty(sentSteps);
            foreach (var device in devices)
            {
                // One twin write at registration, then one per step the ledger says was sent: none twice.
                var twin = await twins.GetTwinAsync(device.DeviceId, CancellationToken.None);
                Assert.Equal(1 + sentSteps.GetValueOrDefault(device.DeviceId), twin!.Version);
            }

            // A notice to each customer, and to those whose devices were released early a note of it: each sent once.
            Assert.Equal(devices.Select(d => d.CustomerId).Distinct().Count(), notifications.Count(n => n.Kind == CustomerNotificationKind.Notice));
            Assert.Equal(releasedParts.Select(a => a.CustomerId).Distinct().Order(), notifications.Where(n => n.Kind == CustomerNotificationKind.ReleasedEarly).Select(n => n.CustomerId).Order());
            Assert.All(notifications, n => Assert.Equal(1, n.Attempts));
            Assert.NotNull(report);
            Assert.Equal(DispatchEventStatus.Completed, report!.Outcome);
        }
        finally
        {
            await stopReadings.CancelAsync();
            if (readings is not null)
            {
                await readings;
            }

            LocalHostProcess.Kill(host.Process);
        }
    }

    private async Task ReportAsync(TableFleetStore fleet, IReadOnlyList<DeviceRegistration> devices, CancellationToken cancellationToken)
    {
        long sequence = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = ProductNow;
            var minute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero).AddMinutes(-1);
            sequence++;
            await fleet.UpdateAsync([.. devices.Select(d => new IngestedReading(d, new LatestReading(sequence, minute, 60, 0, null, 0.5, 80, null, null, null, null, null), "0"))], CancellationToken.None);
            await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
        }
    }

    private async Task<string?> StatusAsync(Uri api, string eventId) =>
        await EventAsync(api, eventId) is { ValueKind: JsonValueKind.Object } read ? read.GetProperty("status").GetString() : null;

    private async Task<JsonElement> EventAsync(Uri api, string eventId)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(api, $"programs/{ProgramId}/events/{eventId}"));
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
        }
        catch (HttpRequestException)
        {
            return default;
        }
    }

    /// <summary>Starts the local host (no simulator) on the test's Azurite with the test's clock, and waits until it answers.</summary>
    private Task<(Process Process, Uri Api)> StartHostAsync() =>
        LocalHostProcess.StartAsync(http, azurite!.ConnectionString, state,
            ["--speed", Speed.ToString(CultureInfo.InvariantCulture), "--clock-origin", Origin.ToString("O", CultureInfo.InvariantCulture), "--clock-wall-start", wallStart.ToString("O", CultureInfo.InvariantCulture)],
            new Dictionary<string, string> { ["Dispatch__ReleaseWindowMinutes"] = "2" });
}
