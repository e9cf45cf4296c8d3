using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging;
using Vpp.DeviceSim.Physics;
using Vpp.Domain.Calendar;
using Vpp.LocalHost.Hosting;

namespace Vpp.LocalHost.Weather;

/// <summary>
/// The local stack's weather provider: the device simulator's outdoor temperature model and its region's cloud cover
/// (<see cref="RegionalSky"/>: observed for the hours past, forecast with a provider's growing error for the hours
/// ahead) for the default program's homes, delivered through the public weather API as a provider's integration
/// would, at start (the last day and the next two) and then a few minutes into every simulated hour, before
/// ForecastRefresh runs.
/// </summary>
public sealed class SimulatedWeatherFeed(HttpClient http, Uri baseUri, Func<string> token, ScaledTimeProvider clock, string programId, TimeZoneInfo zone, ILogger logger)
{
    public const string Source = "local simulator weather";
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);
    private static readonly TimeSpan DeliveryMinute = TimeSpan.FromMinutes(2);
    private readonly SiteEnvironment site = new(zone, new Random(0));
    private int deliveries;

    public int Deliveries => Volatile.Read(ref deliveries);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var behind = TimeSpan.FromDays(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            var currentHour = UtcIntervals.Floor(clock.GetUtcNow(), Hour);
            if (await DeliverAsync(currentHour - behind, currentHour + TimeSpan.FromHours(48), cancellationToken))
            {
                behind = TimeSpan.FromHours(2);
            }

            try
            {
                await Task.Delay(clock.ToWallTime(currentHour + Hour + DeliveryMinute - clock.GetUtcNow()), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<bool> DeliverAsync(DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken)
    {
        var hours = new List<object>();
        var issued = clock.GetUtcNow();
        for (var t = fromUtc; t < toUtc; t += Hour)
        {
            // The hour's mean, from its middle: the model's daily cycle and the sky change smoothly.
            var middle = t + (Hour / 2);
            hours.Add(new
            {
                hourStartUtc = t,
                temperatureC = Math.Round(site.OutdoorTemperatureC(middle), 2),
                cloudCoverPct = Math.Round(100 * RegionalSky.ForecastCloudCoverFraction(middle, issued), 1),
            });
        }

        using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(baseUri, $"api/programs/{Uri.EscapeDataString(programId)}/weather"))
        {
            Content = JsonContent.Create(new { source = Source, hours }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token());
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Interlocked.Increment(ref deliveries);
                return true;
            }

            logger.LogWarning("Weather delivery for {Program} refused: {Status} {Body}", programId, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Weather delivery for {Program} failed", programId);
        }

        return false;
    }
}
