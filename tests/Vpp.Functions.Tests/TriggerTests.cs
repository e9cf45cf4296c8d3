using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Forecasting;
using Vpp.Domain.Forecasting;
using Vpp.Domain.Tests;
using Vpp.Functions.Hosting;
using Vpp.Functions.Security;
using Vpp.Ingestion.Hosting;
using Vpp.Infrastructure.Tables;

namespace Vpp.Functions.Tests;

public sealed class TriggerTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private static string SpecFile(string relative) => File.ReadAllText(SharedData.SpecPath("azure-functions-custom-handlers/" + relative));

    /// <summary>The ingestion custom handler called as the Functions host calls it: POST /TelemetryIngest with an invocation id.</summary>
    private Task<HttpResponseMessage> IngestAsync(string payload)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "TelemetryIngest") { Content = new StringContent(payload, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(FunctionsHostOnly.InvocationIdHeader, Guid.NewGuid().ToString());
        return handler.Ingestion.SendAsync(request);
    }

    /// <summary>An Event Hubs batch exactly as the host sends it to a custom handler: arrays as strings of JSON.</summary>
    private static string EventHubBatch(IEnumerable<(string DeviceId, string Body)> events)
    {
        var list = events.ToList();
        var bodies = new JsonArray(list.Select(e => (JsonNode)JsonValue.Create(e.Body)!).ToArray());
        var system = new JsonArray(list.Select((e, i) => (JsonNode)new JsonObject
        {
            ["iothub-connection-device-id"] = e.DeviceId,
            ["iothub-message-source"] = "Telemetry",
            ["SequenceNumber"] = 500 + i,
        }).ToArray());
        return new JsonObject
        {
            ["Data"] = new JsonObject { ["events"] = bodies.ToJsonString() },
            ["Metadata"] = new JsonObject
            {
                ["PartitionContext"] = new JsonObject { ["PartitionId"] = "3" },
                ["SequenceNumberArray"] = new JsonArray(list.Select((_, i) => (JsonNode)(500 + i)).ToArray()).ToJsonString(),
                ["EnqueuedTimeUtcArray"] = new JsonArray(list.Select(_ => (JsonNode)TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fff", System.Globalization.CultureInfo.InvariantCulture)).ToArray()).ToJsonString(),
                ["SystemPropertiesArray"] = system.ToJsonString(),
                ["sys"] = new JsonObject { ["MethodName"] = "TelemetryIngest", ["UtcNow"] = "2026-11-21T10:00:00Z", ["RandGuid"] = Guid.NewGuid().ToString() },
            },
        }.ToJsonString();
    }

    /// <summary>A battery's one-minute reading in the telemetry schema.</summary>
    private static string Body(long seq, DateTimeOffset at, double kw, double soc) =>
        $"{{\"schemaVersion\":1,\"sequence\":{seq},\"timestamp\":\"{HandlerFixture.Iso(at)}\",\"intervalSeconds\":60,\"powerKw\":{kw},\"stateOfChargePct\":{soc}}}";

    private async Task RegisterAsync(string programId, params string[] deviceIds)
    {
        await new ApiTests(handler).PutProgramAsync(programId);
        foreach (var id in deviceIds)
        {
            using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, $"api/programs/{programId}/devices/{id}", Roles.DeviceAdmin,
                JsonContent.Create(new { type = "battery", ratings = new { maxImportKw = 5, maxExportKw = 5, energyCapacityKwh = 13.5, backupReservePct = 20 } })));
            response.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task An_event_hub_batch_is_ingested_and_shows_in_the_fleet_and_device_views()
    {
        await RegisterAsync("ingest", "ing-1", "ing-2");
        var start = handler.Clock.GetUtcNow().AddMinutes(-3);
        var payload = EventHubBatch(
        [
            ("ing-1", Body(1, start, 2.4, 50)),
            ("ing-1", Body(2, start.AddMinutes(1), 2.4, 51)),
            ("ing-2", Body(1, start, -3.0, 70)),
            ("ing-2", "{broken"),
        ]);

        using var response = await IngestAsync(payload);
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var fleet = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/ingest/fleet", Roles.ProgramManager));
        var snapshot = await fleet.Content.ReadFromJsonAsync<JsonElement>();
        using var device = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/devices/ing-1", Roles.ProgramManager));
        var details = await device.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("counted=3", result.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
        Assert.True(result.TryGetProperty("Outputs", out _));
        Assert.Equal(2, snapshot.GetProperty("onlineCount").GetInt32());
        Assert.Equal(2.4 - 3.0, snapshot.GetProperty("totalPowerKw").GetDouble(), 6);
        Assert.Equal("Online", details.GetProperty("status").GetString());
        Assert.Equal("ingest", details.GetProperty("twin").GetProperty("tags").GetProperty("programId").GetString());
        Assert.Equal(51, details.GetProperty("latest").GetProperty("stateOfChargePct").GetDouble());
        Assert.Equal(JsonValueKind.Null, details.GetProperty("habits").ValueKind); // nothing learned yet
        var imported = details.GetProperty("rollups15Min").EnumerateArray().Sum(r => r.GetProperty("energyImportedKwh").GetDouble());
        Assert.Equal(2 * 2.4 / 60, imported, 6);
    }

    [Fact]
    public async Task The_documented_iot_hub_batch_example_is_read_verbatim_and_its_non_schema_bodies_are_dead_lettered()
    {
        // The spec's example carries {"deviceId":..,"powerKw":..} bodies without a schema version.
        await RegisterAsync("example", "dev-001", "dev-002");

        using var response = await IngestAsync(SpecFile("derived-examples/DERIVED-eventhub-many-iothub-request.json"));
        var letters = await handler.App.Services.GetRequiredService<TableDeadLetterStore>().ReadDayAsync(new DateOnly(2024, 5, 1), CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["dev-001", "dev-002"], letters.Select(l => l.DeviceId).Order());
        Assert.All(letters, l => Assert.Equal("MissingField", l.Reason));
        Assert.Contains(letters, l => l.Body.Contains("\"powerKw\":1.5", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_snapshot_timer_refreshes_program_snapshots()
    {
        await RegisterAsync("timed", "tim-1");

        await handler.InvokeTimerAsync("FleetSnapshot");
        using var stored = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/timed/fleet/snapshot", Roles.ProgramManager));
        var snapshot = await stored.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, snapshot.GetProperty("deviceCount").GetInt32());
        Assert.Equal(1, snapshot.GetProperty("byType").GetProperty("battery").GetProperty("neverReported").GetInt32());
    }

    [Fact]
    public async Task A_program_that_no_longer_reads_fails_the_timer_only_after_the_programs_after_it_were_served()
    {
        await RegisterAsync("steady", "std-1");
        var programs = handler.App.Services.GetRequiredService<StorageTables>().Programs;
        // As an earlier release might have stored it: a tariff this release's parser does not accept. It lists first.
        await programs.UpsertEntityAsync(new TableEntity("program", "garbled")
        {
            ["Name"] = "Garbled",
            ["TimeZoneId"] = "America/Los_Angeles",
            ["TelemetryIntervalSeconds"] = 60,
            ["Objective"] = "energy-cost",
            ["Tariff"] = "{\"seasons\":\"all year\"}",
        }, TableUpdateMode.Replace);
        try
        {
            var failure = await Assert.ThrowsAsync<ProgramSweepFailedException>(() => handler.InvokeTimerAsync("FleetSnapshot"));
            using var served = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/steady/fleet/snapshot", Roles.ProgramManager));

            var counts = Regex.Match(failure.Message, @"^FleetSnapshot: refreshed the snapshots of (\d+) of (\d+) programs; ");
            Assert.True(counts.Success, failure.Message);
            Assert.Equal(int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture) - 1, int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture));
            Assert.Single(Regex.Matches(failure.Message, "program 'garbled' failed: "));
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
            Assert.Equal(1, (await served.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deviceCount").GetInt32());
        }
        finally
        {
            await programs.DeleteEntityAsync("program", "garbled");
        }
    }

    [Fact]
    public async Task The_forecast_timer_learns_from_recorded_snapshots_and_the_forecast_api_serves_what_it_stored()
    {
        await RegisterAsync("forecasted", "fct-1");
        // The handler's clock moves on (it never goes back: other tests share it): 10:20 UTC tomorrow, then an hour later.
        var day = new DateTimeOffset(handler.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var snapshotAt = day.AddHours(10).AddMinutes(20);
        handler.Clock.SetUtcNow(snapshotAt);
        using var ingest = await IngestAsync(EventHubBatch([("fct-1", Body(1, snapshotAt.AddMinutes(-2), 2.4, 60))]));
        await handler.InvokeTimerAsync("FleetSnapshot");
        handler.Clock.SetUtcNow(snapshotAt.AddHours(1));
        await handler.InvokeTimerAsync("ForecastRefresh");

        string At(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        using var all = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, $"api/programs/forecasted/forecast?from={At(day.AddHours(11))}&to={At(day.AddDays(3))}", Roles.ProgramManager));
        using var window = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, $"api/programs/forecasted/forecast?from={At(day.AddHours(12))}&to={At(day.AddHours(15))}", Roles.ProgramManager));
        var intervals = (await all.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intervals");
        var first = intervals[0];

        Assert.Equal(HttpStatusCode.OK, ingest.StatusCode);
        Assert.Equal(48, intervals.GetArrayLength());
        Assert.Equal(snapshotAt.AddMinutes(40), first.GetProperty("startUtc").GetDateTimeOffset());
        Assert.StartsWith($"{ForecastService.ModelVersion}; load: {DayAheadForecaster.PersistenceModel}", first.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);
        Assert.Equal(day.AddHours(10), first.GetProperty("inputsFromUtc").GetDateTimeOffset());
        Assert.Equal(2.4, first.GetProperty("loadKw").GetProperty("p50").GetDouble()); // the one battery's last reading, held
        Assert.True(first.GetProperty("flexibilityByType").TryGetProperty("battery", out _));
        Assert.Equal(3, (await window.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("intervals").GetArrayLength());
    }

    [Fact]
    public async Task The_device_view_shows_the_habits_learned_from_its_history()
    {
        await new ApiTests(handler).PutProgramAsync("habits");
        using (var put = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/habits/devices/hab-wh", Roles.DeviceAdmin,
                   JsonContent.Create(new { type = "water-heater", ratings = new { maxImportKw = 4.5, comfortMinC = 45, comfortMaxC = 65 } }))))
        {
            put.EnsureSuccessStatusCode();
        }

        var draws = Enumerable.Range(0, 24).Select(h => h == 7 ? 4.0 : 0.2).ToArray();
        await handler.App.Services.GetRequiredService<IDeviceHabitsStore>().SaveAsync(
            "habits", new LearnedDeviceHabits("hab-wh", handler.Clock.GetUtcNow(), new DeviceHabits(HotWater: new HotWaterHabits(14, draws))), CancellationToken.None);

        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/devices/hab-wh", Roles.ProgramManager));
        var habits = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("habits");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(handler.Clock.GetUtcNow(), habits.GetProperty("learnedUtc").GetDateTimeOffset());
        var hotWater = habits.GetProperty("habits").GetProperty("hotWater");
        Assert.Equal(14, hotWater.GetProperty("daysObserved").GetInt32());
        Assert.Equal(4.0, hotWater.GetProperty("drawKwByLocalHour")[7].GetDouble());
        Assert.Equal(draws.Sum(), hotWater.GetProperty("dailyDrawKwh").GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, habits.GetProperty("habits").GetProperty("charging").ValueKind);
    }

    [Fact]
    public async Task The_ingestion_handler_refuses_callers_that_are_not_the_functions_host()
    {
        using var noHost = await handler.Ingestion.PostAsync("TelemetryIngest", new StringContent("{}", Encoding.UTF8, "application/json"));
        using var withToken = await handler.Ingestion.SendAsync(handler.Request(HttpMethod.Post, "TelemetryIngest", Roles.ProgramManager, new StringContent("{}", Encoding.UTF8, "application/json")));

        Assert.Equal(HttpStatusCode.Forbidden, noHost.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, withToken.StatusCode);
        Assert.Equal("application/problem+json", noHost.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Timer_functions_have_no_http_route_at_all()
    {
        foreach (var function in new[] { "FleetSnapshot", "ScheduleOptimize", "ForecastRefresh", "TelemetryIngest" })
        {
            foreach (var path in new[] { function, "api/" + function, "api/%252e%252e/" + function })
            {
                using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Post, path, Roles.ProgramManager, new StringContent("{}", Encoding.UTF8, "application/json")));

                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"POST {path} gave {response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task An_unreadable_batch_envelope_is_a_bad_request_not_a_silent_success()
    {
        using var response = await IngestAsync("{\"Data\":{\"events\":42},\"Metadata\":{}}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
