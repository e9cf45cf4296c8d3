using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Vpp.Domain.Calendar;
using Vpp.Functions.Security;

namespace Vpp.Functions.Tests;

/// <summary>The day-ahead price feed through real HTTP, stored in a real Azurite.</summary>
public sealed class PriceApiTests(HandlerFixture handler) : IClassFixture<HandlerFixture>
{
    private DateTimeOffset CurrentHour => UtcIntervals.Floor(handler.Clock.GetUtcNow(), TimeSpan.FromHours(1));

    private async Task<HttpResponseMessage> PutAsync(string programId, string json) =>
        await handler.Http.SendAsync(handler.Request(HttpMethod.Put, $"api/programs/{programId}/prices", Roles.ProgramManager, new StringContent(json, Encoding.UTF8, "application/json")));

    private async Task<JsonElement> GetAsync(string path)
    {
        using var response = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, path, Roles.ProgramManager));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string Delivery(string source, int intervalMinutes, params (DateTimeOffset Start, decimal Price)[] prices) =>
        JsonSerializer.Serialize(new { source, intervalMinutes, prices = prices.Select(p => new { startUtc = HandlerFixture.Iso(p.Start), pricePerKwh = p.Price }) });

    [Fact]
    public async Task Deliveries_replace_each_other_interval_by_interval_and_keep_the_published_decimals()
    {
        await new ApiTests(handler).PutProgramAsync("px-1");
        var hour = CurrentHour.AddHours(2);

        using var hourly = await PutAsync("px-1", Delivery("CAISO DAM SP15", 60, (hour, 0.04213m), (hour.AddHours(1), 0.05127m)));
        using var correction = await PutAsync("px-1", Delivery("CAISO DAM SP15 (corrected)", 15, (hour.AddHours(1), 0.05131m), (hour.AddHours(1).AddMinutes(15), -0.00205m)));
        var summary = await correction.Content.ReadFromJsonAsync<JsonElement>();
        var stored = await GetAsync("api/programs/px-1/prices");

        Assert.Equal(HttpStatusCode.OK, hourly.StatusCode);
        Assert.Equal(2, summary.GetProperty("intervals").GetInt32());
        Assert.Equal(hour.AddHours(1).AddMinutes(30), summary.GetProperty("toUtc").GetDateTimeOffset());
        var prices = stored.GetProperty("prices").EnumerateArray().ToList();
        Assert.Equal([0.04213m, 0.05131m, -0.00205m], prices.Select(p => p.GetProperty("pricePerKwh").GetDecimal()));
        Assert.Equal([60, 15, 15], prices.Select(p => p.GetProperty("intervalMinutes").GetInt32()));
        Assert.Equal("CAISO DAM SP15 (corrected)", prices[2].GetProperty("source").GetString());
    }

    public static TheoryData<string, string> BadDeliveries()
    {
        var hour = UtcIntervals.Floor(TimeProvider.System.GetUtcNow(), TimeSpan.FromHours(1)).AddHours(2);
        string At(DateTimeOffset t) => HandlerFixture.Iso(t);
        return new TheoryData<string, string>
        {
            { $$"""{"intervalMinutes":60,"prices":[{"startUtc":"{{At(hour)}}","pricePerKwh":0.1}]}""", "source" },
            { $$"""{"source":"dam","prices":[{"startUtc":"{{At(hour)}}","pricePerKwh":0.1}]}""", "intervalMinutes" },
            { """{"source":"dam","intervalMinutes":60,"prices":[]}""", "prices" },
            { """{"source":"dam","intervalMinutes":60,"prices":[{"startUtc":"2026-11-22T10:00:00","pricePerKwh":0.1}]}""", "prices[0].startUtc" },
            { $$"""{"source":"dam","intervalMinutes":60,"prices":[{"startUtc":"{{At(hour)}}"}]}""", "prices[0].pricePerKwh" },
            { $$"""{"source":"dam","intervalMinutes":60,"prices":[{"startUtc":"{{At(hour)}}","pricePerKwh":"cheap"}]}""", "prices[0].pricePerKwh" },
            { $$"""{"source":"dam","intervalMinutes":60,"prices":[{"startUtc":"{{At(hour)}}","pricePerKwh":42.13}]}""", "prices[0].pricePerKwh" },
            { $$"""{"source":"dam","intervalMinutes":60,"prices":[{"startUtc":"{{At(hour)}}","pricePerKwh":"0.1"}]}""", "prices[0].pricePerKwh" },
            { $$"""{"source":"dam","intervalMinutes":"60","prices":[{"startUtc":"{{At(hour)}}","pricePerKwh":0.1}]}""", "intervalMinutes" },
            { $$"""{"source":"dam","intervalMinutes":60,"prices":[{"startUtc":"{{At(hour)}}","pricePerKwh":0.1},{"startUtc":"{{At(hour)}}","pricePerKwh":0.2}]}""", "prices[1].startUtc" },
            { $$"""{"source":"dam","intervalMinutes":60,"prices":[{"startUtc":"{{At(hour.AddDays(30))}}","pricePerKwh":0.1}]}""", "prices[0].startUtc" },
        };
    }

    [Theory]
    [MemberData(nameof(BadDeliveries))]
    public async Task A_bad_delivery_is_refused_whole_with_the_field_at_fault_and_stores_nothing(string json, string field)
    {
        var programId = "px-bad-" + Math.Abs(json.GetHashCode(StringComparison.Ordinal)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        await new ApiTests(handler).PutProgramAsync(programId);

        using var response = await PutAsync(programId, json);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var stored = await GetAsync($"api/programs/{programId}/prices?from={Uri.EscapeDataString(HandlerFixture.Iso(CurrentHour.AddDays(-7)))}&to={Uri.EscapeDataString(HandlerFixture.Iso(CurrentHour.AddDays(7)))}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors name '{field}': {problem}");
        Assert.Empty(stored.GetProperty("prices").EnumerateArray());
    }

    [Fact]
    public async Task A_delivery_replaces_every_stored_interval_it_overlaps_whatever_their_lengths()
    {
        await new ApiTests(handler).PutProgramAsync("px-overlap");
        var hour = CurrentHour.AddHours(3);

        using var quarters = await PutAsync("px-overlap", Delivery("rtm", 15, (hour, 0.10m), (hour.AddMinutes(15), 0.11m), (hour.AddMinutes(30), 0.12m), (hour.AddMinutes(45), 0.13m)));
        using var hourly = await PutAsync("px-overlap", Delivery("dam", 60, (hour, 0.20m), (hour.AddHours(1), 0.21m)));
        var afterHourly = (await GetAsync("api/programs/px-overlap/prices")).GetProperty("prices").EnumerateArray().ToList();
        using var correction = await PutAsync("px-overlap", Delivery("rtm", 15, (hour.AddHours(1).AddMinutes(30), 0.30m)));
        var afterCorrection = (await GetAsync("api/programs/px-overlap/prices")).GetProperty("prices").EnumerateArray().ToList();

        Assert.Equal([(hour, 60), (hour.AddHours(1), 60)], afterHourly.Select(p => (p.GetProperty("startUtc").GetDateTimeOffset(), p.GetProperty("intervalMinutes").GetInt32())));
        Assert.Equal([(hour, 60, 0.20m), (hour.AddHours(1).AddMinutes(30), 15, 0.30m)],
            afterCorrection.Select(p => (p.GetProperty("startUtc").GetDateTimeOffset(), p.GetProperty("intervalMinutes").GetInt32(), p.GetProperty("pricePerKwh").GetDecimal())));
    }

    [Fact]
    public async Task Prices_for_an_unknown_program_are_not_found()
    {
        using var put = await PutAsync("px-nobody", Delivery("dam", 60, (CurrentHour, 0.1m)));
        using var get = await handler.Http.SendAsync(handler.Request(HttpMethod.Get, "api/programs/px-nobody/prices", Roles.ProgramManager));

        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }
}
