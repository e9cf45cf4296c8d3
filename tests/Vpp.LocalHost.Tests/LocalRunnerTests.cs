using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Devices;
using Vpp.Functions.Security;
using Vpp.Infrastructure.DeviceHub;
using Vpp.Infrastructure.Storage;
using Vpp.LocalHost.Devices;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Tests;

/// <summary>The whole local stack with a simulated fleet in its own process, through public interfaces only.</summary>
public sealed class LocalRunnerTests : IAsyncLifetime
{
    private const int Devices = 40;
    private LocalRunner runner = null!;
    private SimulatorProcess? simulator;
    private readonly HttpClient http = new();

    public async Task InitializeAsync()
    {
        // Speed 30: a one-minute reporting interval passes every two seconds; the FleetSnapshot timer likewise.
        runner = await LocalRunner.StartAsync(new LocalRunnerOptions { Port = 0, Speed = 30, DefaultProgramIntervalSeconds = 60 });
        http.BaseAddress = runner.BaseUri;
        simulator = await SimulatorProcess.StartAsync(runner, new SimulatorArguments(Devices, 60, 7), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (simulator is not null)
        {
            await simulator.DisposeAsync();
        }

        await runner.DisposeAsync();
        http.Dispose();
    }

    private async Task<JsonElement> GetAsync(string path, string role = Roles.ProgramManager)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", runner.MintToken(role));
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
    }

    [Fact]
    public async Task The_simulated_fleet_registers_reports_in_and_follows_a_desired_property_command()
    {
        var fleet = await Eventually.ReachAsync(() => GetAsync("api/programs/demo/fleet"), f => f.ValueKind == JsonValueKind.Object && f.GetProperty("onlineCount").GetInt32() == Devices, TimeSpan.FromSeconds(90));

        Assert.Equal(Devices, fleet.GetProperty("deviceCount").GetInt32());
        Assert.Equal(Devices, fleet.GetProperty("onlineCount").GetInt32());
        Assert.True(fleet.GetProperty("flexibility").GetProperty("upKw").GetDouble() > 0);

        var snapshot = await Eventually.ReachAsync(() => GetAsync("api/programs/demo/fleet/snapshot"), s => s.ValueKind == JsonValueKind.Object && s.GetProperty("onlineCount").GetInt32() > 0, TimeSpan.FromSeconds(30));
        Assert.True(snapshot.GetProperty("onlineCount").GetInt32() > 0, "the FleetSnapshot timer stored a snapshot of an online fleet");

        // A command through the hub port reaches the simulated water heater within an interval, which reports what it applied.
        var hub = runner.Services.GetRequiredService<IDeviceHub>();
        DeviceTwin? waterHeater = null;
        await foreach (var twin in hub.QueryByProgramAsync("demo", CancellationToken.None))
        {
            if (twin.Tags["deviceType"]?.GetValue<string>() == "water-heater")
            {
                waterHeater = twin;
                break;
            }
        }

        Assert.NotNull(waterHeater);
        await hub.PatchDesiredAsync(waterHeater.DeviceId, new JsonObject { ["mode"] = "shed" }, null, CancellationToken.None);
        var device = await Eventually.ReachAsync(() => GetAsync($"api/devices/{waterHeater.DeviceId}", Roles.DeviceAdmin),
            d => d.ValueKind == JsonValueKind.Object && d.GetProperty("twin").GetProperty("reported").TryGetProperty("applied", out var applied) && applied.GetProperty("mode").GetString() == "shed",
            TimeSpan.FromSeconds(30));
        Assert.Equal("shed", device.GetProperty("twin").GetProperty("reported").GetProperty("applied").GetProperty("mode").GetString());
        Assert.True(device.GetProperty("rollups15Min").GetArrayLength() > 0);

        // Those rollups came from the ledger in the telemetry account, an Azurite of its own (ADR 0032): the main account has none.
        Assert.NotNull(runner.TelemetryStorage);
        Assert.NotEqual(runner.Storage, runner.TelemetryStorage);
        var ledger = StorageAccount.FromConnectionString(runner.TelemetryStorage).Table("telemetryledger");
        var ledgerRows = 0;
        await foreach (var page in ledger.QueryAsync<TableEntity>(maxPerPage: 10).AsPages())
        {
            ledgerRows += page.Values.Count;
            break;
        }

        var mainLedgers = new List<string>();
        await foreach (var table in StorageAccount.FromConnectionString(runner.Storage).Tables.QueryAsync(t => t.Name == "telemetryledger"))
        {
            mainLedgers.Add(table.Name);
        }

        Assert.True(ledgerRows > 0, "the telemetry account's ledger holds the fleet's rollups");
        Assert.Empty(mainLedgers);
    }

    [Fact]
    public async Task The_schedule_timer_plans_the_program_and_the_simulated_devices_follow_the_pushed_plan()
    {
        var clock = runner.Services.GetRequiredService<TimeProvider>();
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        string[] Dates() => [.. new[] { clock.GetUtcNow(), clock.GetUtcNow().AddMinutes(-30) }.Select(t => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).Distinct()];
        async Task<JsonElement> ScheduleAsync()
        {
            foreach (var date in Dates())
            {
                var found = await GetAsync($"api/programs/demo/schedule?date={date}");
                // A plan is stored before it is pushed, and names its job once the push is recorded.
                if (found.ValueKind == JsonValueKind.Object && found.GetProperty("schedule").GetProperty("plannedDevices").GetInt32() > 0
                    && found.GetProperty("schedule").GetProperty("pushedJobId").ValueKind == JsonValueKind.String)
                {
                    return found;
                }
            }

            return default;
        }

        // The ScheduleOptimize timer fires every 15 simulated minutes (30 s here); the fleet must be online first.
        var found = await Eventually.ReachAsync(ScheduleAsync, s => s.ValueKind == JsonValueKind.Object, TimeSpan.FromSeconds(120));

        Assert.Equal(JsonValueKind.Object, found.ValueKind);
        var schedule = found.GetProperty("schedule");
        Assert.Equal(0, schedule.GetProperty("infeasibleDevices").GetInt32());
        Assert.Equal(96, schedule.GetProperty("plannedNetKw").GetArrayLength());
        Assert.True(schedule.GetProperty("plannedPeakKw").GetDouble() <= schedule.GetProperty("baselinePeakKw").GetDouble() + 1e-6);
        // The solver ran, and the schedule says which of its rounds the plan is.
        var search = schedule.GetProperty("search");
        Assert.InRange(search.GetProperty("keptRound").GetInt32(), 1, search.GetProperty("rounds").GetInt32());
        var jobId = schedule.GetProperty("pushedJobId").GetString()!;
        Assert.Contains(jobId, found.GetProperty("pushes").EnumerateArray().Select(p => p.GetProperty("jobId").GetString()));
        var planId = jobId["schedule-".Length..];

        // The demo program is autonomous: the plan reached every device by bulk job, and batteries report following it.
        var hub = runner.Services.GetRequiredService<IDeviceHub>();
        var batteries = new List<string>();
        await foreach (var twin in hub.QueryByProgramAsync("demo", CancellationToken.None))
        {
            if (twin.Tags["deviceType"]?.GetValue<string>() == "battery")
            {
                batteries.Add(twin.DeviceId);
            }
        }

        var followed = await Eventually.ReachAsync(async () =>
        {
            var twin = await hub.GetTwinAsync(batteries[0], CancellationToken.None);
            return twin?.Reported["applied"]?["schedulePlanId"]?.GetValue<string>();
        }, id => id is not null, TimeSpan.FromSeconds(60));
        Assert.NotNull(followed);
        Assert.StartsWith("demo-", followed, StringComparison.Ordinal);
        Assert.NotNull(planId);

        // The plan reshapes what the batteries draw: each reports the planned fraction of its rating (where its state of
        // charge allows), not what its home's load would have had it do.
        var (checkedBatteries, following) = await Eventually.ReachAsync(() => BatteriesFollowingTheScheduleAsync(hub, batteries[0]), r => r.Checked >= 3 && r.Following >= 0.8 * r.Checked, TimeSpan.FromSeconds(60));
        Assert.True(checkedBatteries >= 3 && following >= 0.8 * checkedBatteries, $"{following} of {checkedBatteries} batteries in telemetry at the scheduled power");
    }

    private async Task<(int Checked, int Following)> BatteriesFollowingTheScheduleAsync(IDeviceHub hub, string anyBattery)
    {
        var schedule = (await hub.GetTwinAsync(anyBattery, CancellationToken.None))?.Desired["schedule"];
        if (schedule is null)
        {
            return (0, 0);
        }

        var start = DateTimeOffset.Parse(schedule["startUtc"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        var interval = TimeSpan.FromMinutes(schedule["intervalMinutes"]!.GetValue<int>());
        var fractions = schedule["powerFractionByType"]!["battery"]!.AsArray().Select(f => f!.GetValue<double>()).ToArray();
        var (checkedCount, following) = (0, 0);
        foreach (var device in await runner.Services.GetRequiredService<IDeviceRegistry>().ListFleetAsync("demo", CancellationToken.None))
        {
            var ratings = device.Registration.Ratings;
            if (device.Registration.Type != Domain.Devices.DeviceType.Battery || device.Latest is not { StateOfChargePct: { } soc } latest || latest.Timestamp < start
                || soc <= (ratings.BackupReservePct ?? 0) + 3 || soc >= 97)
            {
                continue;
            }

            var index = (int)((latest.Timestamp - start) / interval);
            if (index >= fractions.Length)
            {
                continue;
            }

            checkedCount++;
            following += Math.Abs(latest.PowerKw - (fractions[index] * ratings.MaxImportKw)) <= (0.05 * ratings.MaxImportKw) + 0.01 ? 1 : 0;
        }

        return (checkedCount, following);
    }

    [Fact]
    public async Task A_device_cannot_report_for_another_device_through_the_hub()
    {
        var key = DeviceKeys.Derive(runner.Options.Secrets.EnrollmentGroupKey, "sim-00001");
        var ownToken = IotHubConnection.CreateSasToken($"{LocalRunner.LocalHubHostName}/devices/sim-00001", key, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1));
        var body = "{\"schemaVersion\":1,\"sequence\":1,\"timestamp\":\"2026-01-01T00:00:00Z\",\"intervalSeconds\":60,\"powerKw\":1}";

        using var forOther = new HttpRequestMessage(HttpMethod.Post, "devices/sim-00002/messages/events") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        forOther.Headers.TryAddWithoutValidation("Authorization", ownToken);
        using var otherResponse = await http.SendAsync(forOther);
        using var anonymous = await http.PostAsync("devices/sim-00001/messages/events", new StringContent(body, Encoding.UTF8, "application/json"));
        using var stranger = new HttpRequestMessage(HttpMethod.Get, "devices/sim-00001/twin");
        stranger.Headers.TryAddWithoutValidation("Authorization", ownToken.Replace("sig=", "sig=AA", StringComparison.Ordinal));
        using var strangerResponse = await http.SendAsync(stranger);

        Assert.Equal(HttpStatusCode.Unauthorized, otherResponse.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, strangerResponse.StatusCode);
    }

    [Fact]
    public async Task The_device_endpoints_answer_bad_sends_with_a_problem_naming_the_field_and_cap_a_send_at_256_kb()
    {
        var key = DeviceKeys.Derive(runner.Options.Secrets.EnrollmentGroupKey, "sim-00003");
        var token = IotHubConnection.CreateSasToken($"{LocalRunner.LocalHubHostName}/devices/sim-00003", key, null, TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1));
        async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string body, string contentType)
        {
            using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            request.Headers.TryAddWithoutValidation("Authorization", token);
            return await http.SendAsync(request);
        }

        using var nullBody = await SendAsync(HttpMethod.Post, "devices/sim-00003/messages/events", "[{\"body\":null}]", "application/vnd.microsoft.iothub.json");
        using var notBase64 = await SendAsync(HttpMethod.Post, "devices/sim-00003/messages/events", "[{\"body\":\"eyJh\"},{\"body\":\"%%%\"}]", "application/vnd.microsoft.iothub.json");
        using var malformed = await SendAsync(HttpMethod.Patch, "devices/sim-00003/twin/reported", "{\"firmware\":", "application/json");
        using var huge = await SendAsync(HttpMethod.Post, "devices/sim-00003/messages/events", "{\"pad\":\"" + new string('x', 10 * 1024 * 1024) + "\"}", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, nullBody.StatusCode);
        Assert.True((await nullBody.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("[0].body", out _));
        Assert.True((await notBase64.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("[1].body", out _));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.True((await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("reported", out _));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
    }

    [Theory]
    [InlineData("api/%252e%252e/FleetSnapshot")]
    [InlineData("api/%252E%252E/TelemetryIngest")]
    [InlineData("api/%2e%2e/FleetSnapshot")]
    [InlineData("api/programs/demo%252f..%252f..%252fFleetSnapshot/fleet")]
    [InlineData("api/programs/demo%3F/fleet")]
    [InlineData("api/programs/demo%23/fleet")]
    [InlineData("api/programs/demo%2Ffleet")]
    public async Task Encoded_separators_and_dot_segments_never_reach_a_trigger_and_never_re_route(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent("{\"Data\":{},\"Metadata\":{}}", Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Azure-Functions-InvocationId", Guid.NewGuid().ToString());
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized or HttpStatusCode.MethodNotAllowed, $"{path}: {response.StatusCode} {body}");
        Assert.DoesNotContain("\"Logs\"", body, StringComparison.Ordinal); // a trigger's answer
    }

    [Theory]
    [InlineData("api/programs/demo/events/%2e%2e")]
    [InlineData("api/programs/demo/events/%2E")]
    [InlineData("api/programs/demo/events/.%2e/..%2f..%2fprograms%2fdemo")]
    public async Task A_dot_segment_encoded_in_a_route_value_is_refused_not_resolved_to_another_route(string path)
    {
        // Sent as written: System.Uri would otherwise decode %2E and remove the dot segments before the request leaves.
        var exact = new Uri(runner.BaseUri.AbsoluteUri + path, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(HttpMethod.Get, exact);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", runner.MintToken(Roles.ProgramManager));
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {response.StatusCode} {body}");
        Assert.Contains("path segments may not encode", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_public_port_serves_the_api_with_its_authorization_rules_and_openapi()
    {
        using var anonymous = await http.GetAsync("api/programs/demo/fleet");
        using var openApi = await http.GetAsync("api/openapi/v1.json");
        using var trigger = await http.PostAsync("TelemetryIngest", new StringContent("{}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, trigger.StatusCode); // trigger endpoints are not exposed publicly
    }
}
