using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Vpp.Domain.Calendar;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>Dispatch events through real HTTP on Azurite: local times in, the program's rules named when broken, every move in the history.</summary>
public sealed class DispatchEventApiTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    /// <summary>The first weekday at least three days after the fixture's clock, in Los Angeles.</summary>
    private DateOnly EventDay()
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(handler.Clock.GetUtcNow(), LosAngeles).DateTime).AddDays(3);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return day;
    }

    private static string At(DateOnly day, int hour) => string.Create(CultureInfo.InvariantCulture, $"{day:yyyy-MM-dd}T{hour:00}:00");

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, object? body, HttpStatusCode expected)
    {
        using var response = await handler.Http.SendAsync(handler.Request(method, path, Roles.ProgramManager, body is null ? null : JsonContent.Create(body)));
        var read = response.Content.Headers.ContentLength == 0 ? default : await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {response.StatusCode} {read}");
        return read;
    }

    private Task<JsonElement> PutProgramAsync(string programId) =>
        SendAsync(HttpMethod.Put, $"api/programs/{programId}", new
        {
            name = "Evening peaks",
            timeZone = "America/Los_Angeles",
            eventRules = new { allowedFrom = "14:00", allowedUntil = "19:00", weekdaysOnly = true, maxEventsPerSeason = 10, maxHoursPerSeason = 60, minimumNoticeMinutes = 120 },
        }, HttpStatusCode.Created);

    [Fact]
    public async Task A_manager_creates_an_event_in_local_time_changes_it_and_cancels_it_and_its_history_says_each()
    {
        await PutProgramAsync("ev-api");
        var day = EventDay();
        var program = await SendAsync(HttpMethod.Get, "api/programs/ev-api", null, HttpStatusCode.OK);

        var created = await SendAsync(HttpMethod.Post, "api/programs/ev-api/events",
            new { kind = "reduce", start = At(day, 17), end = At(day, 19), targetKw = 40000, deviceTypes = new[] { "battery", "thermostat" }, message = "Save power tonight" },
            HttpStatusCode.Created);
        var id = created.GetProperty("eventId").GetString()!;
        var changed = await SendAsync(HttpMethod.Patch, $"api/programs/ev-api/events/{id}", new { targetKw = 30000 }, HttpStatusCode.OK);
        var tooLate = await SendAsync(HttpMethod.Patch, $"api/programs/ev-api/events/{id}", new { end = At(day, 20) }, HttpStatusCode.BadRequest);
        var cancelled = await SendAsync(HttpMethod.Post, $"api/programs/ev-api/events/{id}/cancel", null, HttpStatusCode.OK);
        var again = await SendAsync(HttpMethod.Post, $"api/programs/ev-api/events/{id}/cancel", null, HttpStatusCode.Conflict);
        var listed = await SendAsync(HttpMethod.Get, "api/programs/ev-api/events?status=cancelled", null, HttpStatusCode.OK);

        Assert.Equal("14:00", program.GetProperty("eventRules").GetProperty("allowedFrom").GetString());
        Assert.Equal("scheduled", created.GetProperty("status").GetString());
        Assert.Equal(17, created.GetProperty("localStart").GetDateTimeOffset().Hour);
        Assert.Equal(LosAngeles.GetUtcOffset(created.GetProperty("startUtc").GetDateTimeOffset()), created.GetProperty("localStart").GetDateTimeOffset().Offset);
        Assert.Equal(["battery", "thermostat"], created.GetProperty("deviceTypes").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(30000, changed.GetProperty("targetKw").GetDouble());
        Assert.True(tooLate.GetProperty("errors").TryGetProperty("rules.allowedHours", out _));
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(["scheduled", "scheduled", "cancelled"], cancelled.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("to").GetString()));
        Assert.Contains("a cancelled event cannot become cancelled", again.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(id, Assert.Single(listed.GetProperty("events").EnumerateArray()).GetProperty("eventId").GetString());
    }

    [Fact]
    public async Task A_proposed_event_is_confirmed_once()
    {
        await PutProgramAsync("ev-prop");
        var day = EventDay();

        var proposed = await SendAsync(HttpMethod.Post, "api/programs/ev-prop/events",
            new { kind = "reduce", start = At(day, 15), end = At(day, 16), deviceTypes = new[] { "water-heater" }, proposed = true }, HttpStatusCode.Created);
        var id = proposed.GetProperty("eventId").GetString()!;
        var confirmed = await SendAsync(HttpMethod.Post, $"api/programs/ev-prop/events/{id}/confirm", null, HttpStatusCode.OK);
        await SendAsync(HttpMethod.Post, $"api/programs/ev-prop/events/{id}/confirm", null, HttpStatusCode.Conflict);
        var read = await SendAsync(HttpMethod.Get, $"api/programs/ev-prop/events/{id}", null, HttpStatusCode.OK);

        Assert.Equal("proposed", proposed.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, proposed.GetProperty("targetKw").ValueKind);
        Assert.Equal("scheduled", confirmed.GetProperty("status").GetString());
        Assert.StartsWith("confirmed by ", read.GetProperty("history")[1].GetProperty("cause").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_events_and_rules_are_refused_naming_the_field_or_the_rule()
    {
        await PutProgramAsync("ev-bad");
        var day = EventDay();
        var saturday = day.AddDays(6 - (int)day.DayOfWeek);

        var rules = await SendAsync(HttpMethod.Post, "api/programs/ev-bad/events",
            new { kind = "reduce", start = At(saturday, 18), end = At(saturday, 20), deviceTypes = new[] { "battery" } }, HttpStatusCode.BadRequest);
        var fields = await SendAsync(HttpMethod.Post, "api/programs/ev-bad/events",
            new { kind = "shed", start = "2027-03-14T02:30", end = "tomorrow", deviceTypes = new[] { "toaster" } }, HttpStatusCode.BadRequest);
        var nullFeeder = await SendAsync(HttpMethod.Post, "api/programs/ev-bad/events",
            new { kind = "reduce", start = At(day, 18), end = At(day, 20), deviceTypes = new[] { "battery" }, feeders = new[] { "f-12", null } }, HttpStatusCode.BadRequest);
        var badRules = await SendAsync(HttpMethod.Put, "api/programs/ev-bad", new { name = "x", timeZone = "America/Los_Angeles", eventRules = new { allowedFrom = "19:00", allowedUntil = "14:00" } },
            HttpStatusCode.BadRequest);
        await SendAsync(HttpMethod.Get, "api/programs/ev-bad/events/ev-nothing", null, HttpStatusCode.NotFound);
        await SendAsync(HttpMethod.Get, "api/programs/ev-bad/events?status=sleeping", null, HttpStatusCode.BadRequest);

        Assert.Equal(["rules.allowedHours", "rules.weekdaysOnly"], rules.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(["deviceTypes[0]", "end", "kind", "start"], fields.GetProperty("errors").EnumerateObject().Select(e => e.Name).Order());
        Assert.Equal(["feeders"], nullFeeder.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.Contains("skip", fields.GetProperty("errors").GetProperty("start")[0].GetString(), StringComparison.Ordinal);
        Assert.True(badRules.GetProperty("errors").TryGetProperty("eventRules.allowedHours", out _));
    }

    [Fact]
    public async Task A_program_of_non_holiday_weekdays_refuses_an_event_on_its_next_holiday_and_takes_one_the_day_after()
    {
        await SendAsync(HttpMethod.Put, "api/programs/ev-holidays", new
        {
            name = "Non-holiday weekdays",
            timeZone = "America/Los_Angeles",
            holidays = "us-nerc",
            eventRules = new { weekdaysOnly = true, notOnHolidays = true },
        }, HttpStatusCode.Created);
        var holiday = EventDay();
        while (!HolidayCalendar.UsNerc.IsHoliday(holiday) || holiday.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            holiday = holiday.AddDays(1);
        }

        var after = holiday.AddDays(holiday.DayOfWeek == DayOfWeek.Friday ? 3 : 1);
        var refused = await SendAsync(HttpMethod.Post, "api/programs/ev-holidays/events",
            new { kind = "reduce", start = At(holiday, 15), end = At(holiday, 17), deviceTypes = new[] { "battery" } }, HttpStatusCode.BadRequest);
        await SendAsync(HttpMethod.Post, "api/programs/ev-holidays/events",
            new { kind = "reduce", start = At(after, 15), end = At(after, 17), deviceTypes = new[] { "battery" } }, HttpStatusCode.Created);
        var program = await SendAsync(HttpMethod.Get, "api/programs/ev-holidays", null, HttpStatusCode.OK);

        Assert.Equal(["rules.notOnHolidays"], refused.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        Assert.True(program.GetProperty("eventRules").GetProperty("notOnHolidays").GetBoolean());
    }
}
