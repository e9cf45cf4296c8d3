using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>Opt-outs through real HTTP, stored in a real Azurite, written to the local hub's twins.</summary>
public sealed class OptOutApiTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private DateTimeOffset Now => handler.Clock.GetUtcNow();

    /// <summary>Enrols a thermostat of <paramref name="customerId"/>; the clock is moved on to a whole second, as the requests' instants are.</summary>
    private async Task EnrolAsync(string programId, string deviceId, string customerId)
    {
        var now = handler.Clock.GetUtcNow();
        handler.Clock.SetUtcNow(now.AddTicks(TimeSpan.TicksPerSecond - (now.UtcTicks % TimeSpan.TicksPerSecond)));
        await new ApiTests(handler).PutProgramAsync(programId);
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Put, $"api/programs/{programId}/devices/{deviceId}", Roles.ProgramManager,
            JsonContent.Create(new { type = "thermostat", ratings = new { maxImportKw = 3.5, comfortMinC = 18, comfortMaxC = 27 }, customerId })));
        response.EnsureSuccessStatusCode();
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string customer, object? body = null) =>
        handler.Http.SendAsync(handler.Request(method, path, Roles.Customer, body is null ? null : JsonContent.Create(body), customer));

    private async Task<JsonElement> ReadAsync(HttpMethod method, string path, string role = Roles.ProgramManager)
    {
        using var response = await handler.Http.SendAsync(handler.Request(method, path, role));
        Assert.True(response.IsSuccessStatusCode, $"{method} {path} gave {response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> TwinOptOutsAsync(string deviceId) =>
        (await ReadAsync(HttpMethod.Get, $"api/devices/{deviceId}")).GetProperty("twin").GetProperty("desired") is var desired && desired.TryGetProperty("optOuts", out var optOuts)
            ? optOuts
            : default;

    [Fact]
    public async Task A_customer_opts_their_device_out_for_the_evening_the_twin_carries_the_window_and_withdrawing_ends_it_now()
    {
        await EnrolAsync("oo-1", "oo-th-1", "cust-a");
        var until = Now.AddHours(3);

        using var created = await SendAsync(HttpMethod.Post, "api/devices/oo-th-1/opt-outs", "cust-a", new { untilUtc = HandlerFixture.Iso(until), reason = "guests tonight" });
        var optOut = await created.Content.ReadFromJsonAsync<JsonElement>();
        var id = optOut.GetProperty("optOutId").GetString()!;
        var twin = await TwinOptOutsAsync("oo-th-1");
        using var listed = await SendAsync(HttpMethod.Get, "api/devices/oo-th-1/opt-outs", "cust-a");
        var program = await ReadAsync(HttpMethod.Get, "api/programs/oo-1/opt-outs");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/devices/oo-th-1/opt-outs/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(Now, optOut.GetProperty("fromUtc").GetDateTimeOffset());
        Assert.Equal(until, optOut.GetProperty("untilUtc").GetDateTimeOffset());
        Assert.Equal("cust-a", optOut.GetProperty("requestedBy").GetString());
        Assert.Equal("guests tonight", optOut.GetProperty("reason").GetString());
        Assert.Equal(until, twin.GetProperty(id).GetProperty("untilUtc").GetDateTimeOffset());
        Assert.Equal(id, Assert.Single((await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("optOuts").EnumerateArray()).GetProperty("optOutId").GetString());
        Assert.Equal(id, Assert.Single(program.GetProperty("optOuts").EnumerateArray()).GetProperty("optOutId").GetString());

        handler.Clock.SetUtcNow(Now.AddMinutes(30));
        using var withdrawn = await SendAsync(HttpMethod.Delete, $"api/devices/oo-th-1/opt-outs/{id}", "cust-a");
        var ended = await withdrawn.Content.ReadFromJsonAsync<JsonElement>();
        using var again = await SendAsync(HttpMethod.Delete, $"api/devices/oo-th-1/opt-outs/{id}", "cust-a");

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal(Now, ended.GetProperty("untilUtc").GetDateTimeOffset());
        Assert.Equal(Now, ended.GetProperty("withdrawnUtc").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(Now, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("untilUtc").GetDateTimeOffset());
        Assert.False((await TwinOptOutsAsync("oo-th-1")) is { ValueKind: JsonValueKind.Object } left && left.TryGetProperty(id, out _));
        Assert.Empty((await ReadAsync(HttpMethod.Get, $"api/programs/oo-1/opt-outs?from={Uri.EscapeDataString(HandlerFixture.Iso(Now))}")).GetProperty("optOuts").EnumerateArray());
    }

    [Fact]
    public async Task Another_customer_is_refused_a_device_that_is_not_theirs_and_learns_nothing_of_devices_that_do_not_exist()
    {
        await EnrolAsync("oo-2", "oo-th-2", "cust-b");
        var body = new { untilUtc = HandlerFixture.Iso(Now.AddHours(1)) };
        using var owner = await SendAsync(HttpMethod.Post, "api/devices/oo-th-2/opt-outs", "cust-b", body);
        var id = (await owner.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("optOutId").GetString();

        using var post = await SendAsync(HttpMethod.Post, "api/devices/oo-th-2/opt-outs", "cust-x", body);
        using var list = await SendAsync(HttpMethod.Get, "api/devices/oo-th-2/opt-outs", "cust-x");
        using var delete = await SendAsync(HttpMethod.Delete, $"api/devices/oo-th-2/opt-outs/{id}", "cust-x");
        using var missing = await SendAsync(HttpMethod.Post, "api/devices/oo-nobody/opt-outs", "cust-x", body);
        using var missingForStaff = await handler.Http.SendAsync(handler.Request(HttpMethod.Post, "api/devices/oo-nobody/opt-outs", Roles.ProgramManager, JsonContent.Create(body)));
        using var unknownOptOut = await SendAsync(HttpMethod.Delete, "api/devices/oo-th-2/opt-outs/oo-nothing", "cust-b");
        using var programList = await SendAsync(HttpMethod.Get, "api/programs/oo-2/opt-outs", "cust-b");

        Assert.Equal(HttpStatusCode.Created, owner.StatusCode);
        Assert.Equal([HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden], new[] { post.StatusCode, list.StatusCode, delete.StatusCode, missing.StatusCode });
        Assert.Equal(HttpStatusCode.NotFound, missingForStaff.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownOptOut.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, programList.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/devices/oo-th-2/opt-outs", Roles.ProgramManager))).StatusCode);
    }

    public static TheoryData<string, string> BadRequests()
    {
        var now = TimeProvider.System.GetUtcNow();
        string At(DateTimeOffset t) => HandlerFixture.Iso(t);
        return new TheoryData<string, string>
        {
            { "{}", "untilUtc" },
            { """{"untilUtc":"2026-11-22T21:00:00"}""", "untilUtc" },
            { $$"""{"untilUtc":"{{At(now.AddHours(2))}}","fromUtc":"tonight"}""", "fromUtc" },
            { $$"""{"untilUtc":"{{At(now.AddHours(2))}}","fromUtc":"{{At(now.AddHours(-1))}}"}""", "fromUtc" },
            { $$"""{"untilUtc":"{{At(now.AddDays(40))}}"}""", "untilUtc" },
            { $$"""{"untilUtc":"{{At(now.AddHours(-1))}}"}""", "untilUtc" },
            { $$"""{"untilUtc":"{{At(now.AddHours(2))}}","reason":"{{new string('x', 201)}}"}""", "reason" },
            { """{"untilUtc":5}""", "untilUtc" },
            { "[1,2", "body" },
        };
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task A_bad_request_is_refused_naming_the_field_and_opts_nothing_out(string json, string field)
    {
        await EnrolAsync("oo-3", "oo-th-3", "cust-c");

        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Post, "api/devices/oo-th-3/opt-outs", Roles.Customer,
            new StringContent(json, Encoding.UTF8, "application/json"), "cust-c"));
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        using var listed = await SendAsync(HttpMethod.Get, "api/devices/oo-th-3/opt-outs", "cust-c");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Empty((await listed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("optOuts").EnumerateArray());
    }

    [Fact]
    public async Task An_overlapping_window_is_refused_naming_the_one_it_overlaps_and_a_device_holds_at_most_twenty_each_in_store_and_twin()
    {
        await EnrolAsync("oo-cap", "oo-cap-1", "cust-cap");
        var path = "api/devices/oo-cap-1/opt-outs";
        using var first = await SendAsync(HttpMethod.Post, path, "cust-cap", new { fromUtc = Now.AddHours(1), untilUtc = Now.AddHours(3) });
        var firstId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("optOutId").GetString()!;

        using var overlapping = await SendAsync(HttpMethod.Post, path, "cust-cap", new { fromUtc = Now.AddHours(2), untilUtc = Now.AddHours(4) });
        var problem = await overlapping.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, overlapping.StatusCode);
        Assert.Contains(firstId, problem.GetProperty("errors").GetProperty("fromUtc")[0].GetString(), StringComparison.Ordinal);

        // Abutting windows are not overlapping ones: the device holds twenty, and the twenty-first is refused.
        for (var i = 1; i < 20; i++)
        {
            using var next = await SendAsync(HttpMethod.Post, path, "cust-cap", new { fromUtc = Now.AddHours(3 * i), untilUtc = Now.AddHours((3 * i) + 3) });
            Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        }

        using var tooMany = await SendAsync(HttpMethod.Post, path, "cust-cap", new { fromUtc = Now.AddDays(10), untilUtc = Now.AddDays(11) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        Assert.Contains("20", (await tooMany.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("untilUtc")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(20, (await ReadAsync(HttpMethod.Get, path)).GetProperty("optOuts").GetArrayLength());
        Assert.Equal(20, (await TwinOptOutsAsync("oo-cap-1")).EnumerateObject().Count());

        // Withdrawing one makes room again.
        using var withdrawn = await SendAsync(HttpMethod.Delete, $"{path}/{firstId}", "cust-cap");
        using var room = await SendAsync(HttpMethod.Post, path, "cust-cap", new { fromUtc = Now.AddDays(10), untilUtc = Now.AddDays(11) });
        Assert.Equal(HttpStatusCode.Created, room.StatusCode);
    }

    [Fact]
    public async Task An_opt_out_id_that_cannot_be_one_is_not_found_not_a_server_error()
    {
        await EnrolAsync("oo-ids", "oo-ids-1", "cust-ids");

        using var response = await SendAsync(HttpMethod.Delete, $"api/devices/oo-ids-1/opt-outs/{new string('x', 3000)}", "cust-ids");
        using var odd = await SendAsync(HttpMethod.Delete, "api/devices/oo-ids-1/opt-outs/oo%7C1", "cust-ids");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsStringAsync()).Length < 1000);
        Assert.Equal(HttpStatusCode.NotFound, odd.StatusCode);
    }

    [Fact]
    public async Task The_programs_opt_outs_are_served_a_page_at_a_time_until_the_continuation_is_null()
    {
        await EnrolAsync("oo-page", "oo-page-1", "cust-p1");
        await EnrolAsync("oo-page", "oo-page-2", "cust-p2");
        foreach (var (device, customer) in new[] { ("oo-page-1", "cust-p1"), ("oo-page-2", "cust-p2") })
        {
            for (var i = 0; i < 3; i++)
            {
                using var created = await SendAsync(HttpMethod.Post, $"api/devices/{device}/opt-outs", customer, new { fromUtc = Now.AddHours(1 + (2 * i)), untilUtc = Now.AddHours(2 + (2 * i)) });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }
        }

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await ReadAsync(HttpMethod.Get, "api/programs/oo-page/opt-outs?top=4" + (continuation is null ? "" : "&continuation=" + Uri.EscapeDataString(continuation)));
            seen.AddRange(page.GetProperty("optOuts").EnumerateArray().Select(o => o.GetProperty("optOutId").GetString()!));
            continuation = page.GetProperty("continuation").GetString();
            pages++;
        }
        while (continuation is not null && pages < 10);

        Assert.Equal(2, pages);
        Assert.Equal(6, seen.Distinct().Count());
        using var forged = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/oo-page/opt-outs?continuation=%%%", Roles.ProgramManager));
        using var badTop = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/oo-page/opt-outs?top=0", Roles.ProgramManager));
        Assert.True((await forged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("continuation", out _));
        Assert.True((await badTop.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("top", out _));
    }
}
