using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vpp.Domain.Calendar;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>The weather feed through real HTTP, stored in a real Azurite.</summary>
public sealed class WeatherApiTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private DateTimeOffset CurrentHour => UtcIntervals.Floor(handler.Clock.GetUtcNow(), TimeSpan.FromHours(1));

    private async Task<HttpResponseMessage> PutAsync(string programId, string json) =>
        await handler.Http.SendAsync(handler.Request(HttpMethod.Put, $"api/programs/{programId}/weather", Roles.ProgramManager, new StringContent(json, Encoding.UTF8, "application/json")));

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, path, Roles.ProgramManager));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Delivery(string source, params (DateTimeOffset Hour, double TemperatureC, double? CloudCoverPct)[] hours) =>
        JsonSerializer.Serialize(new { source, hours = hours.Select(h => new { hourStartUtc = HandlerFixture.Iso(h.Hour), temperatureC = h.TemperatureC, cloudCoverPct = h.CloudCoverPct }) });

    [Fact]
    public async Task Deliveries_replace_each_other_hour_by_hour_and_read_back_in_the_programs_local_time()
    {
        await new ApiTests(handler).PutProgramAsync("wx-1");
        var hour = CurrentHour;

        using var observed = await PutAsync("wx-1", Delivery("station KSEA", (hour.AddHours(-2), 7.5, null), (hour.AddHours(-1), 8.0, null)));
        using var forecast = await PutAsync("wx-1", Delivery("nws forecast", (hour.AddHours(-1), 9.0, 100), (hour, 9.5, 62.5), (hour.AddHours(1), 10.25, 0)));
        var summary = await forecast.Content.ReadFromJsonAsync<JsonElement>();
        var stored = await GetAsync("api/programs/wx-1/weather");
        var window = await GetAsync($"api/programs/wx-1/weather?from={Uri.EscapeDataString(HandlerFixture.Iso(hour))}&to={Uri.EscapeDataString(HandlerFixture.Iso(hour.AddHours(1)))}");

        Assert.Equal(HttpStatusCode.OK, observed.StatusCode);
        Assert.Equal(3, summary.GetProperty("hours").GetInt32());
        Assert.Equal(hour.AddHours(-1), summary.GetProperty("fromUtc").GetDateTimeOffset());
        Assert.Equal(hour.AddHours(2), summary.GetProperty("toUtc").GetDateTimeOffset());
        var hours = stored.GetProperty("hours").EnumerateArray().ToList();
        Assert.Equal([7.5, 9.0, 9.5, 10.25], hours.Select(h => h.GetProperty("temperatureC").GetDouble()));
        Assert.Equal(["station KSEA", "nws forecast", "nws forecast", "nws forecast"], hours.Select(h => h.GetProperty("source").GetString()));
        Assert.Equal([null, 100.0, 62.5, 0.0], hours.Select(h => h.GetProperty("cloudCoverPct") is { ValueKind: JsonValueKind.Number } c ? c.GetDouble() : (double?)null));
        var local = hours[0].GetProperty("localStart").GetDateTimeOffset();
        Assert.Equal(TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles").GetUtcOffset(hour.AddHours(-2)), local.Offset);
        Assert.Equal(9.5, Assert.Single(window.GetProperty("hours").EnumerateArray()).GetProperty("temperatureC").GetDouble());
    }

    public static TheoryData<string, string> BadDeliveries()
    {
        var hour = UtcIntervals.Floor(TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1));
        string At(DateTimeOffset t) => HandlerFixture.Iso(t);
        return new TheoryData<string, string>
        {
            { $$"""{"hours":[{"hourStartUtc":"{{At(hour)}}","temperatureC":5}]}""", "source" },
            { """{"source":"nws","hours":[]}""", "hours" },
            { """{"source":"nws"}""", "hours" },
            { """{"source":"nws","hours":[{"hourStartUtc":"2026-11-22T10:00:00","temperatureC":5}]}""", "hours[0].hourStartUtc" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour)}}"}]}""", "hours[0].temperatureC" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour)}}","temperatureC":"warm"}]}""", "hours[0].temperatureC" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour)}}","temperatureC":5},{"hourStartUtc":"{{At(hour.AddMinutes(30))}}","temperatureC":5}]}""", "hours[1].hourStartUtc" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour)}}","temperatureC":5},{"hourStartUtc":"{{At(hour)}}","temperatureC":6}]}""", "hours[1].hourStartUtc" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour)}}","temperatureC":5},{"hourStartUtc":"{{At(hour.AddHours(1))}}","temperatureC":140}]}""", "hours[1].temperatureC" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour.AddDays(30))}}","temperatureC":5}]}""", "hours[0].hourStartUtc" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour)}}","temperatureC":5,"cloudCoverPct":140}]}""", "hours[0].cloudCoverPct" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour)}}","temperatureC":5,"cloudCoverPct":"grey"}]}""", "hours[0].cloudCoverPct" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour.AddDays(-90))}}","temperatureC":5}]}""", "hours[0].hourStartUtc" },
            { $$"""{"source":"nws","hours":[{"hourStartUtc":"{{At(hour)}}","temperatureC":5}, null]}""", "hours[1].hourStartUtc" },
        };
    }

    [Theory]
    [MemberData(nameof(BadDeliveries))]
    public async Task A_bad_delivery_is_refused_whole_with_the_field_at_fault_and_stores_nothing(string json, string field)
    {
        var programId = "wx-bad-" + Math.Abs(json.GetHashCode(StringComparison.Ordinal)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await new ApiTests(handler).PutProgramAsync(programId);

        using var response = await PutAsync(programId, json);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var stored = await GetAsync($"api/programs/{programId}/weather?from={Uri.EscapeDataString(HandlerFixture.Iso(CurrentHour.AddDays(-20)))}&to={Uri.EscapeDataString(HandlerFixture.Iso(CurrentHour.AddDays(1)))}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name '{field}': {problem}");
        Assert.Empty(stored.GetProperty("hours").EnumerateArray());
    }

    [Fact]
    public async Task Weather_for_an_unknown_program_is_not_found()
    {
        var hour = CurrentHour;
        using var put = await PutAsync("wx-nobody", Delivery("nws", (hour, 5, null)));
        using var get = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/wx-nobody/weather", Roles.ProgramManager));

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }
}
