using Vpp.Domain.Weather;

namespace Vpp.Application.Weather;

/// <summary>Each program's hourly weather, the latest delivery winning hour by hour.</summary>
public interface IWeatherStore
{
    /// <summary>Stores a validated delivery, replacing what earlier ones said about the same hours.</summary>
    Task SaveAsync(string programId, WeatherFeed feed, CancellationToken cancellationToken);

    /// <summary>The hours starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>), oldest first.</summary>
    Task<IReadOnlyList<StoredWeather>> FindAsync(string programId, DateTimeOffset fromUtc, DateTimeOffset toUtc, CancellationToken cancellationToken);
}
