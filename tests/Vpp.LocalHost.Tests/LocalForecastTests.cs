using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Vpp.Application.Forecasting;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Forecasting;
using Vpp.Functions.Security;
using Vpp.LocalHost.Hosting;
using Vpp.LocalHost.Weather;

namespace Vpp.LocalHost.Tests;

/// <summary>The ForecastRefresh timer in the local stack, from its function.json, seen through the forecast API.</summary>
public sealed class LocalForecastTests : IAsyncLifetime
{
    private LocalRunner runner = null!;
    private SimulatorProcess? simulator;
    private readonly HttpClient http = new();

    public async Task InitializeAsync()
    {
        // Ten simulated minutes before an hour, a minute a second: the hour's snapshots fold at minute 5 of the next.
        // The last 19:50 UTC: just before midday in Los Angeles (the demo program's zone), winter or summer, so the sun is up.
        // The stack's clock then runs up to a day behind real time; tokens are minted and judged in real time regardless.
        var now = TimeProvider.System.GetUtcNow();
        var origin = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(19).AddMinutes(50);
        origin = origin > now ? origin.AddDays(-1) : origin;
        runner = await LocalRunner.StartAsync(new LocalRunnerOptions { Port = 0, Speed = 60, ClockOrigin = origin, DefaultProgramIntervalSeconds = 60 });
        http.BaseAddress = runner.BaseUri;
        simulator = await SimulatorProcess.StartAsync(runner, new SimulatorArguments(20, 60, 3), CancellationToken.None);
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

    private Task<JsonElement> ForecastAsync() => GetAsync("api/programs/demo/forecast");

    private async Task<JsonElement> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", runner.MintToken(Roles.ProgramManager));
        using var response = await http.SendAsync(request);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>() : default;
    }

    [Fact]
    public async Task The_hourly_timer_forecasts_the_demo_programs_load_solar_and_flexibility_from_its_first_hour_of_snapshots_and_the_simulated_weather()
    {
        var forecast = await Eventually.ReachAsync(ForecastAsync, f => f.ValueKind == JsonValueKind.Object && f.GetProperty("intervals").GetArrayLength() > 0, TimeSpan.FromSeconds(90));

        Assert.Equal(JsonValueKind.Object, forecast.ValueKind);
        var intervals = forecast.GetProperty("intervals");
        Assert.Equal(48, intervals.GetArrayLength());
        var first = intervals[0];
        Assert.StartsWith($"{ForecastService.ModelVersion}; load: {DayAheadForecaster.PersistenceModel}", first.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);
        Assert.Contains("temperature 100 % of history, 100 % of horizon", first.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, first.GetProperty("loadKw").GetProperty("p50").GetDouble()); // the simulated homes draw (or export) power
        var solar = first.GetProperty("solarKw"); // nearly half the simulated homes have panels
        Assert.True(solar.GetProperty("p50").GetDouble() > 0, $"midday solar {solar}");
        Assert.Contains($"solar: {DayAheadForecaster.PersistenceModel}", first.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);
        var weather = await GetAsync("api/programs/demo/weather");
        var delivered = weather.GetProperty("hours").EnumerateArray().ToDictionary(h => h.GetProperty("hourStartUtc").GetDateTimeOffset(), h => h.GetProperty("temperatureC").GetDouble());
        Assert.Equal(72, delivered.Count); // the simulator's weather for the last day and the next two, delivered through the API
        Assert.All(weather.GetProperty("hours").EnumerateArray(), h => Assert.Equal(SimulatedWeatherFeed.Source, h.GetProperty("source").GetString()));
        // The region's sky as observed for the hours past (the oldest delivered hour is a day back), a forecast of it ahead.
        var oldest = weather.GetProperty("hours")[0];
        Assert.Equal(Math.Round(100 * RegionalSky.CloudCoverFraction(oldest.GetProperty("hourStartUtc").GetDateTimeOffset().AddMinutes(30)), 1), oldest.GetProperty("cloudCoverPct").GetDouble());
        Assert.All(weather.GetProperty("hours").EnumerateArray(), h => Assert.InRange(h.GetProperty("cloudCoverPct").GetDouble(), 0, 100));
        Assert.All(intervals.EnumerateArray(), i => Assert.Equal(delivered[i.GetProperty("startUtc").GetDateTimeOffset()], i.GetProperty("temperatureC").GetDouble()));
        // One hour of history makes solar persistence: the sky it was told has shaped nothing yet, and the forecast says so.
        Assert.All(intervals.EnumerateArray(), i => Assert.Equal(JsonValueKind.Null, i.GetProperty("cloudCoverPct").ValueKind));
        Assert.True(runner.WeatherFeed!.Deliveries >= 2, $"{runner.WeatherFeed.Deliveries} deliveries: one at start, one before the hour's forecast");
        var batteryUp = first.GetProperty("flexibilityByType").GetProperty("battery").GetProperty("upKw");
        Assert.True(batteryUp.GetProperty("p10").GetDouble() <= batteryUp.GetProperty("p50").GetDouble()
                    && batteryUp.GetProperty("p50").GetDouble() <= batteryUp.GetProperty("p90").GetDouble());
    }
}
