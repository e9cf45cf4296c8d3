namespace Vpp.Domain.Forecasting;

/// <summary>
/// A forecast of one series: which model made it (with the history it had), P10/P50/P90 per interval, and whether a
/// weather forecast shaped it (<see cref="FollowsWeather"/>: temperature for load, the sky for solar).
/// </summary>
public sealed record SeriesForecast(string Model, IReadOnlyList<ProbabilisticForecast> Points, bool FollowsWeather = false)
{
    /// <summary>
    /// This series less <paramref name="other"/>, interval by interval (the homes' gross load less their solar, say):
    /// medians subtract, and each side's interval widths add in quadrature, the two forecasts' errors taken as
    /// independent (a high load and a low solar output widen the upper side together).
    /// </summary>
    public SeriesForecast Less(SeriesForecast other, string model)
    {
        if (other.Points.Count != Points.Count || Points.Where((p, k) => p.Time != other.Points[k].Time).Any())
        {
            throw new ArgumentException("Both forecasts must cover the same intervals.", nameof(other));
        }

        var points = Points.Select((a, k) =>
        {
            var b = other.Points[k];
            var median = a.P50 - b.P50;
            var below = Math.Sqrt(Math.Pow(a.P50 - a.P10, 2) + Math.Pow(b.P90 - b.P50, 2));
            var above = Math.Sqrt(Math.Pow(a.P90 - a.P50, 2) + Math.Pow(b.P50 - b.P10, 2));
            return new ProbabilisticForecast(a.Time, median - below, median, median + above);
        }).ToList();
        return new SeriesForecast(model, points, FollowsWeather || other.FollowsWeather);
    }
}
