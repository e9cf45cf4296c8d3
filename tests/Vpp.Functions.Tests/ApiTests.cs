using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Vpp.Application.Scheduling;
using Vpp.Application.Tests;
using Vpp.Domain.Optimization;
using Vpp.Domain.Tests;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

public sealed class ApiTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private IEnumerable<RouteEndpoint> ApiEndpoints() =>
        handler.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal) && !e.RoutePattern.RawText.Contains("openapi", StringComparison.Ordinal));

    private static string Concrete(RouteEndpoint endpoint) =>
        endpoint.RoutePattern.RawText!.Replace("{programId}", "demo", StringComparison.Ordinal).Replace("{deviceId}", "dev-x", StringComparison.Ordinal);

    private static string Method(RouteEndpoint endpoint) => endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods[0];

    [Fact]
    public void Every_api_endpoint_declares_an_authorization_rule()
    {
        var endpoints = ApiEndpoints().ToList();

        Assert.True(endpoints.Count >= 6);
        Assert.All(endpoints, e => Assert.NotEmpty(e.Metadata.GetOrderedMetadata<IAuthorizeData>()));
    }

    /// <summary>The roles the endpoint's policy admits.</summary>
    private async Task<IReadOnlyList<string>> AdmittedRolesAsync(RouteEndpoint endpoint)
    {
        var provider = handler.App.Services.GetRequiredService<Microsoft.AspNetCore.Authorization.IAuthorizationPolicyProvider>();
        var roles = new List<string>();
        foreach (var rule in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
        {
            var policy = await provider.GetPolicyAsync(rule.Policy!);
            roles.AddRange(policy!.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles));
        }

        return roles;
    }

    [Fact]
    public async Task Strangers_are_refused_everywhere_with_401_and_the_wrong_role_with_403_each_a_problem_with_a_bearer_challenge()
    {
        foreach (var endpoint in ApiEndpoints())
        {
            var path = Concrete(endpoint);
            var admitted = await AdmittedRolesAsync(endpoint);
            Assert.NotEmpty(admitted);
            HttpContent? Content() => Method(endpoint) is "PUT" or "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null;
            using var anonymous = await handler.Http.SendAsync(handler.Request(new HttpMethod(Method(endpoint)), path, content: Content()));
            var refusals = new List<HttpResponseMessage> { anonymous };
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{Method(endpoint)} {path} anonymous gave {anonymous.StatusCode}");
            foreach (var role in Roles.All.Where(r => !admitted.Contains(r)))
            {
                var wrongRole = await handler.Http.SendAsync(handler.Request(new HttpMethod(Method(endpoint)), path, role, Content()));
                refusals.Add(wrongRole);
                Assert.True(wrongRole.StatusCode == HttpStatusCode.Forbidden, $"{Method(endpoint)} {path} {role} gave {wrongRole.StatusCode}");
                Assert.Contains("insufficient_scope", wrongRole.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
            }

            foreach (var refusal in refusals)
            {
                Assert.Equal("application/problem+json", refusal.Content.Headers.ContentType?.MediaType);
                Assert.Equal((int)refusal.StatusCode, (await refusal.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32());
                Assert.True(refusal.Headers.WwwAuthenticate.Count == 1 && refusal.Headers.WwwAuthenticate.Single().Scheme == "Bearer", $"{Method(endpoint)} {path} {refusal.StatusCode}: {refusal.Headers}");
                refusal.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_token_without_a_subject_authenticates_no_one()
    {
        foreach (var token in new[] { handler.TokenWithoutSubject(Roles.ProgramManager), handler.Token(Roles.ProgramManager, subject: ""), handler.Token(Roles.ProgramManager, subject: " ") })
        {
            using var request = handler.Request(HttpMethod.Get, "api/programs/demo");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await handler.Http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Forged_expired_and_foreign_tokens_are_refused()
    {
        var foreign = handler.Token(Roles.ProgramManager, key: new byte[32]);
        var expired = handler.Token(Roles.ProgramManager, TimeSpan.FromMinutes(5), issued: TimeProvider.System.GetUtcNow().AddHours(-2));
        var tampered = handler.Token(Roles.Customer).Split('.') is var parts
            ? parts[0] + "." + Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"iss\":\"vpp-local-dev\",\"aud\":\"vpp-api\",\"exp\":9999999999,\"roles\":[\"program-manager\"]}")).TrimEnd('=') + "." + parts[2]
            : null;

        foreach (var token in new[] { foreign, expired, tampered!, "not-a-jwt" })
        {
            using var request = handler.Request(HttpMethod.Get, "api/programs/demo");
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            using var response = await handler.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }
    }

    [Fact]
    public async Task Invalid_programs_get_problem_details_naming_each_field()
    {
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/p1", Roles.ProgramManager,
            JsonContent.Create(new { name = "", timeZone = "Mars/Olympus", telemetryIntervalSeconds = 0, dayAheadLocalTime = "13:07" })));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("name", out _));
        Assert.True(errors.TryGetProperty("timeZone", out _));
        Assert.True(errors.TryGetProperty("telemetryIntervalSeconds", out _));
        Assert.True(errors.TryGetProperty("dayAheadLocalTime", out _));

        using var unreadable = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/p1", Roles.ProgramManager,
            JsonContent.Create(new { name = "P1", timeZone = "Europe/London", dayAheadLocalTime = "1pm" })));
        var unreadableProblem = await unreadable.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.True(unreadableProblem.GetProperty("errors").TryGetProperty("dayAheadLocalTime", out _));

        using var valid = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/p1", Roles.ProgramManager,
            JsonContent.Create(new { name = "P1", timeZone = "Europe/London", dayAheadLocalTime = "10:45" })));
        using var read = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/p1", Roles.ProgramManager));
        Assert.True(valid.IsSuccessStatusCode);
        Assert.Equal("10:45:00", (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("dayAheadRunsAt").GetString());
    }

    [Theory]
    [InlineData("""{"name":"P","timeZone":"UTC","objective":"cheapest"}""", "objective")]
    [InlineData("""{"name":"P","timeZone":"UTC","objective":"energy-cost"}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","objective":"energy-cost","tariff":{"name":"t","schedule":[]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":{"name":"t","schedule":[{"effective_start":"01-01","effective_end":"12-31","dow_mask":"WEEKDAYS","times":[0],"tariffs":[0.1]}]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":"abc"}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":[1,2,3]}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":{"name":5,"schedule":[{"effective_start":"01-01","effective_end":"12-31","times":[0],"tariffs":[0.1]}]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":{"name":"t","schedule":[{"effective_start":101,"effective_end":"12-31","times":[0],"tariffs":[0.1]}]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":{"name":"t","schedule":[{"effective_start":"01-01","effective_end":"12-31","dow_mask":7,"times":[0],"tariffs":[0.1]}]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":{"name":"t","schedule":[{"effective_start":"01-01","effective_end":"12-31","times":[0],"tariffs":[1e300]}]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":{"name":"t","schedule":[{"effective_start":"01-01","effective_end":"12-31","times":[0],"tariffs":["0.1"]}]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":{"name":"t","schedule":[{"effective_start":"01-01","effective_end":"02-31","times":[0],"tariffs":[0.1]}]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":{"name":"t","schedule":["x"]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","tariff":{"name":"LONG","schedule":[{"effective_start":"01-01","effective_end":"12-31","times":[0],"tariffs":[0.1]}]}}""", "tariff")]
    [InlineData("""{"name":"P","timeZone":"UTC","holidays":"uk"}""", "holidays")]
    [InlineData("""{"name":"P","timeZone":"UTC","holidays":["us-nerc"]}""", "holidays")]
    public async Task A_program_objective_or_tariff_that_cannot_be_planned_for_is_refused_naming_the_field(string json, string field)
    {
        json = json.Replace("\"LONG\"", "\"" + new string('n', 20_000) + "\"", StringComparison.Ordinal);
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/priced", Roles.ProgramManager, new StringContent(json, Encoding.UTF8, "application/json")));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"errors name '{field}': {problem}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }

    [Fact]
    public async Task A_program_names_its_holiday_calendar_and_one_that_names_none_is_on_nercs()
    {
        using var english = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/english", Roles.ProgramManager,
            JsonContent.Create(new { name = "English", timeZone = "Europe/London", holidays = "gb-england-wales" })));
        using var american = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/american", Roles.ProgramManager,
            JsonContent.Create(new { name = "American", timeZone = "America/Chicago" })));
        using var readEnglish = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/english", Roles.ProgramManager));
        using var readAmerican = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/american", Roles.ProgramManager));

        Assert.Equal(HttpStatusCode.Created, english.StatusCode);
        Assert.Equal("gb-england-wales", (await readEnglish.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holidays").GetString());
        Assert.Equal("us-nerc", (await readAmerican.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("holidays").GetString());
    }

    [Fact]
    public async Task A_program_planned_for_energy_cost_keeps_its_tariff_as_given()
    {
        var document = File.ReadAllText(SharedData.PathOf("acnportal-tariffs/pge_a10_tou_aug_2019.json"));
        var json = $$"""{"name":"Priced","timeZone":"America/Los_Angeles","objective":"energy-cost","tariff":{{document}}}""";

        using var saved = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/priced-ok", Roles.ProgramManager, new StringContent(json, Encoding.UTF8, "application/json")));
        using var read = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/priced-ok", Roles.ProgramManager));
        var program = await read.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync());
        Assert.Equal("energy-cost", program.GetProperty("objective").GetString());
        var tariff = program.GetProperty("tariff");
        Assert.Equal("PGE A-10 TOU", tariff.GetProperty("name").GetString());
        // What the planner does not read is kept too: the link and each season's demand charge.
        Assert.Equal("https://www.pge.com/tariffs/assets/pdf/tariffbook/ELEC_SCHEDS_A-10.pdf", tariff.GetProperty("link").GetString());
        Assert.Equal(19.99m, tariff.GetProperty("schedule")[0].GetProperty("demand_charge").GetDecimal());
    }

    [Theory]
    [InlineData("api/programs/sched/schedule", HttpStatusCode.BadRequest, "date")]
    [InlineData("api/programs/sched/schedule?date=22-11-2026", HttpStatusCode.BadRequest, "date")]
    [InlineData("api/programs/sched/schedule?date=9999-12-31", HttpStatusCode.BadRequest, "date")]
    [InlineData("api/programs/sched/schedule?date=2026-11-22&run=weekly", HttpStatusCode.BadRequest, "run")]
    [InlineData("api/programs/sched/schedule?date=2026-11-22", HttpStatusCode.NotFound, null)]
    [InlineData("api/programs/sched/schedule?date=2026-11-22&run=day-ahead", HttpStatusCode.NotFound, null)]
    [InlineData("api/programs/nobody/schedule?date=2026-11-22", HttpStatusCode.NotFound, null)]
    public async Task Schedule_requests_name_the_bad_field_and_say_what_is_missing(string path, HttpStatusCode expected, string? field)
    {
        var (mediaType, problem) = await GetFromScheduledProgramAsync(path, expected);
        Assert.Equal("application/problem+json", mediaType);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name '{field}': {problem}");
        }
    }

    [Theory]
    [InlineData("&devices=true&top=0", "top")]
    [InlineData("&devices=true&top=1001", "top")]
    [InlineData("&devices=true&top=ten", "top")]
    [InlineData("&devices=maybe", "devices")]
    [InlineData("&continuation=not-a-token", "continuation")]
    [InlineData("&deviceId=has%20space", "deviceId")]
    [InlineData("&deviceId=dev-1&top=5", "deviceId")]
    public async Task Device_plan_requests_name_the_bad_field(string query, string field)
    {
        var (_, problem) = await GetFromScheduledProgramAsync("api/programs/sched/schedule?date=2026-11-22" + query, HttpStatusCode.BadRequest);

        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name '{field}': {problem}");
    }

    [Fact]
    public async Task Device_plans_are_served_a_page_at_a_time_or_one_device_at_a_time()
    {
        const string Path = "api/programs/paged/schedule?date=2026-11-22";
        await PutProgramAsync("paged");
        var plans = Enumerable.Range(0, 250).Select(i => new DevicePlan($"paged-{i:D3}", [.. Enumerable.Repeat(i / 100.0, 96)], new double[96])).ToList();
        await handler.App.Services.GetRequiredService<IScheduleStore>().SaveAsync(
            new ProgramScheduleBuilder("paged", "2026-11-22", new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero)).Build(plans.Count), plans, CancellationToken.None);

        var pages = new List<JsonElement>();
        string? continuation = null;
        do
        {
            var page = await GetAsync(Path + "&devices=true" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)), HttpStatusCode.OK);
            pages.Add(page);
            continuation = page.GetProperty("continuation").GetString();
        }
        while (continuation is not null && pages.Count < 10);
        var one = await GetAsync(Path + "&deviceId=paged-123", HttpStatusCode.OK);
        var small = await GetAsync(Path + "&devices=true&top=7", HttpStatusCode.OK);
        var none = await GetAsync(Path, HttpStatusCode.OK);
        var stranger = await GetAsync(Path + "&deviceId=paged-999", HttpStatusCode.NotFound);
        var gone = await GetAsync(Path + "&continuation=" + new DevicePlanContinuation(Guid.NewGuid().ToString("N"), 1, 0, 0), HttpStatusCode.Gone);

        Assert.Equal([100, 100, 50], pages.Select(p => p.GetProperty("devicePlans").GetArrayLength()));
        Assert.Equal(250, pages.SelectMany(p => p.GetProperty("devicePlans").EnumerateArray()).Select(p => p.GetProperty("deviceId").GetString()).Distinct().Count());
        Assert.Equal(1.23, Assert.Single(one.GetProperty("devicePlans").EnumerateArray()).GetProperty("powerKw")[0].GetDouble());
        Assert.Equal(7, small.GetProperty("devicePlans").GetArrayLength());
        Assert.Equal(250, none.GetProperty("schedule").GetProperty("plannedDevices").GetInt32());
        Assert.False(none.TryGetProperty("devicePlans", out _));
        Assert.Contains("paged-999", stranger.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("continuation", gone.GetProperty("field").GetString());
    }

    [Theory]
    [InlineData("api/programs/sched/forecast?from=yesterday", HttpStatusCode.BadRequest, "from")]
    [InlineData("api/programs/sched/forecast?from=2026-11-22T10:00:00", HttpStatusCode.BadRequest, "from")]
    [InlineData("api/programs/sched/forecast?to=2026-13-01", HttpStatusCode.BadRequest, "to")]
    [InlineData("api/programs/sched/forecast?from=2026-11-22&to=2026-11-21", HttpStatusCode.BadRequest, "to")]
    [InlineData("api/programs/sched/forecast?from=2026-11-01&to=2026-11-30", HttpStatusCode.BadRequest, "to")]
    [InlineData("api/programs/nobody/forecast", HttpStatusCode.NotFound, null)]
    [InlineData("api/programs/sched/forecast?from=2026-11-22&to=2026-11-22", HttpStatusCode.OK, null)]
    [InlineData("api/programs/sched/forecast?from=9999-12-30", HttpStatusCode.BadRequest, "from")]
    [InlineData("api/programs/sched/forecast?from=0001-01-01", HttpStatusCode.BadRequest, "from")]
    [InlineData("api/programs/sched/forecast?to=9999-12-31T23:59:59Z", HttpStatusCode.BadRequest, "to")]
    [InlineData("api/programs/sched/weather?from=9999-12-30", HttpStatusCode.BadRequest, "from")]
    [InlineData("api/programs/sched/prices?from=9999-12-30", HttpStatusCode.BadRequest, "from")]
    [InlineData("api/programs/sched/opt-outs?from=9999-12-30", HttpStatusCode.BadRequest, "from")]
    [InlineData("api/programs/sched/forecast?from=2026-11-22T10:00:00%2B01:00", HttpStatusCode.OK, null)]
    public async Task Forecast_requests_name_the_bad_bound(string path, HttpStatusCode expected, string? field)
    {
        var (_, body) = await GetFromScheduledProgramAsync(path, expected);
        if (field is not null)
        {
            Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"errors name '{field}': {body}");
        }

        if (expected == HttpStatusCode.OK)
        {
            Assert.Equal(JsonValueKind.Array, body.GetProperty("intervals").ValueKind);
            Assert.True(body.GetProperty("toUtc").GetDateTimeOffset() > body.GetProperty("fromUtc").GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task Malformed_json_names_the_field_that_broke()
    {
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/p1", Roles.ProgramManager,
            new StringContent("{\"name\":\"x\",\"telemetryIntervalSeconds\":\"sixty\"}", Encoding.UTF8, "application/json")));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("telemetryIntervalSeconds", out _));
    }

    [Fact]
    public async Task Device_registration_validates_ratings_and_the_program()
    {
        await PutProgramAsync("reg");
        using var huge = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/reg/devices/big-1", Roles.DeviceAdmin,
            JsonContent.Create(new { type = "battery", ratings = new { maxImportKw = 5000, maxExportKw = 5000, energyCapacityKwh = 13.5 } })));
        using var badType = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/reg/devices/x-1", Roles.DeviceAdmin,
            JsonContent.Create(new { type = "toaster", ratings = new { maxImportKw = 1 } })));
        using var noProgram = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/nope/devices/x-2", Roles.DeviceAdmin,
            JsonContent.Create(new { type = "thermostat", ratings = new { maxImportKw = 3, comfortMinC = 18, comfortMaxC = 26 } })));
        using var badId = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/reg/devices/bad%20id", Roles.DeviceAdmin,
            JsonContent.Create(new { type = "thermostat", ratings = new { maxImportKw = 3, comfortMinC = 18, comfortMaxC = 26 } })));

        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.True((await huge.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("ratings.maxImportKw", out _));
        Assert.True((await badType.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("type", out _));
        Assert.Equal(HttpStatusCode.NotFound, noProgram.StatusCode);
        Assert.True((await badId.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("deviceId", out _));
    }

    [Theory]
    [InlineData("customerId", "")]
    [InlineData("customerId", "   ")]
    [InlineData("customerId", "tab\there")]
    [InlineData("customerId", "40000")]
    [InlineData("customerId", "cust/1")]
    [InlineData("customerId", "cust#1")]
    [InlineData("customerId", "cust?1")]
    [InlineData("customerId", "cust\\1")]
    [InlineData("feeder", "65")]
    public async Task Enrolment_refuses_a_blank_oversized_or_key_breaking_customer_id_or_feeder_naming_the_field(string field, string value)
    {
        await PutProgramAsync("reg-ids");
        var text = int.TryParse(value, out var length) ? new string('c', length) : value.Replace("\\t", "\t", StringComparison.Ordinal);
        var body = new Dictionary<string, object> { ["type"] = "thermostat", ["ratings"] = new { maxImportKw = 3, comfortMinC = 18, comfortMaxC = 26 }, [field] = text };

        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/reg-ids/devices/ids-1", Roles.DeviceAdmin, JsonContent.Create(body)));
        using var device = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/devices/ids-1", Roles.ProgramManager));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
        Assert.Equal(HttpStatusCode.NotFound, device.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_is_served_and_lists_the_api_with_its_bearer_scheme_roles_and_responses_on_every_operation()
    {
        using var response = await handler.Http.GetAsync("api/openapi/v1.json");
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/programs/{programId}/fleet", out _));
        Assert.True(paths.TryGetProperty("/api/devices/{deviceId}", out _));
        Assert.True(paths.TryGetProperty("/api/programs/{programId}/devices/{deviceId}", out _));
        Assert.True(paths.TryGetProperty("/api/programs/{programId}/schedule", out _));
        Assert.True(paths.TryGetProperty("/api/programs/{programId}/forecast", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var operations = paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(o => (Path: p.Name, Method: o.Name, Operation: o.Value))).ToList();
        Assert.True(operations.Count >= 8);
        Assert.All(operations, o =>
        {
            Assert.True(o.Operation.TryGetProperty("security", out var security), $"{o.Method} {o.Path} names no security requirement");
            Assert.True(security[0].TryGetProperty("bearer", out _), $"{o.Method} {o.Path}: {security}");
            Assert.True(o.Operation.GetProperty("responses").TryGetProperty("401", out _), $"{o.Method} {o.Path} documents no 401");
            Assert.True(o.Operation.GetProperty("responses").TryGetProperty("403", out _), $"{o.Method} {o.Path} documents no 403");
            var codes = o.Operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            Assert.True(codes.Any(c => c.StartsWith('2')), $"{o.Method} {o.Path} documents no success: {string.Join(", ", codes)}");
            var takesInput = o.Operation.TryGetProperty("parameters", out _) || o.Operation.TryGetProperty("requestBody", out _);
            Assert.True(!takesInput || codes.Any(c => c is "400" or "404" or "410"), $"{o.Method} {o.Path} documents no error but the refusals: {string.Join(", ", codes)}");
            Assert.True(o.Operation.TryGetProperty("x-roles", out var roles) && roles.GetArrayLength() > 0, $"{o.Method} {o.Path} names no role");
            Assert.All(roles.EnumerateArray(), r => Assert.Contains(r.GetString(), new[] { Roles.ProgramManager, Roles.Finance, Roles.Customer, Roles.DeviceAdmin }));
            Assert.Contains("Roles:", o.Operation.GetProperty("description").GetString(), StringComparison.Ordinal);
        });
        Assert.Equal([Roles.ProgramManager, Roles.DeviceAdmin], operations.Single(o => o.Path == "/api/programs/{programId}/devices/{deviceId}" && o.Method == "put").Operation.GetProperty("x-roles").EnumerateArray().Select(r => r.GetString()));
    }

    /// <summary>Ensures program "sched" exists, then reads <paramref name="path"/> as a program manager and checks the status.</summary>
    private async Task<(string? MediaType, JsonElement Body)> GetFromScheduledProgramAsync(string path, HttpStatusCode expected)
    {
        using var put = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, "api/programs/sched", Roles.ProgramManager,
            JsonContent.Create(new { name = "Scheduled", timeZone = "America/Los_Angeles", autonomousScheduling = true })));
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, path, Roles.ProgramManager));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(put.IsSuccessStatusCode);
        Assert.Equal(expected, response.StatusCode);
        return (response.Content.Headers.ContentType?.MediaType, body);
    }

    private async Task<JsonElement> GetAsync(string path, HttpStatusCode expected)
    {
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, path, Roles.ProgramManager));
        Assert.True(expected == response.StatusCode, $"GET {path} gave {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    internal async Task PutProgramAsync(string programId)
    {
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, $"api/programs/{programId}", Roles.ProgramManager,
            JsonContent.Create(new { name = "Test " + programId, timeZone = "America/Los_Angeles", telemetryIntervalSeconds = 60 }, options: Web)));
        response.EnsureSuccessStatusCode();
    }
}
