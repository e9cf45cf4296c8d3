using Vpp.Domain.Devices;

namespace Vpp.Domain.Weather;

/// <summary>
/// One delivery of hourly weather (outdoor temperature, cloud cover where given) from a weather provider for a program's
/// area: observations for the hours behind, its forecast for the hours ahead. Deliveries replace each other hour by
/// hour, so a forecast gives way to the observation and an old forecast to a newer one.
/// </summary>
public sealed record WeatherFeed(string Source, DateTimeOffset ReceivedUtc, IReadOnlyList<HourlyWeather> Hours)
{
    public const int MaxHours = 1_000;
    public const int MaxSourceLength = 200;

    /// <summary>Beyond the coldest and hottest air temperatures ever measured, a reading is a unit or sensor error.</summary>
    public const double MinTemperatureC = -90;

    /// <inheritdoc cref="MinTemperatureC"/>
    public const double MaxTemperatureC = 60;

    /// <summary>No provider forecasts hourly temperatures further ahead than this.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(16);

    /// <summary>Older hours are outside any history a forecast learns from.</summary>
    public static readonly TimeSpan MaxBehind = TimeSpan.FromDays(60);

    public IReadOnlyList<FieldError> Validate()
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(Source) || Source.Length > MaxSourceLength)
        {
            errors.Add(new FieldError("source", $"required: who measured or forecast this weather, at most {MaxSourceLength} characters"));
        }

        if (Hours.Count is 0 or > MaxHours)
        {
            errors.Add(new FieldError("hours", $"between 1 and {MaxHours} hours"));
            return errors;
        }

        var seen = new Dictionary<DateTimeOffset, int>();
        for (var i = 0; i < Hours.Count; i++)
        {
            var (start, temperature) = (Hours[i].HourStartUtc, Hours[i].TemperatureC);
            var field = $"hours[{i}].";
            if (start.UtcTicks % TimeSpan.TicksPerHour != 0)
            {
                errors.Add(new FieldError(field + "hourStartUtc", "must be the start of a whole UTC hour"));
            }
            else if (start < ReceivedUtc - MaxBehind || start > ReceivedUtc + MaxAhead)
            {
                errors.Add(new FieldError(field + "hourStartUtc", $"must lie within {MaxBehind.TotalDays:0} days before and {MaxAhead.TotalDays:0} days after now"));
            }
            else if (!seen.TryAdd(start, i))
            {
                errors.Add(new FieldError(field + "hourStartUtc", $"repeats hours[{seen[start]}]"));
            }

            if (!double.IsFinite(temperature) || temperature is < MinTemperatureC or > MaxTemperatureC)
            {
                errors.Add(new FieldError(field + "temperatureC", $"an air temperature in °C between {MinTemperatureC} and {MaxTemperatureC}"));
            }

            if (Hours[i].CloudCoverPct is { } cloud && (!double.IsFinite(cloud) || cloud is < 0 or > 100))
            {
                errors.Add(new FieldError(field + "cloudCoverPct", "the share of the sky under cloud, 0 to 100 %, or left out"));
            }
        }

        return errors;
    }
}
