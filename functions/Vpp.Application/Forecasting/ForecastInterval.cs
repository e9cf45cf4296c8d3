namespace Vpp.Application.Forecasting;

/// <summary>
/// The latest forecast for one hour of a program: the homes' baseline load, their rooftop solar output (null for a
/// program whose homes have never reported any) and each device type's flexibility, with the run that made it (when,
/// which models, from which inputs), the outdoor temperature the load forecast assumed (null when it used none) and
/// the cloud cover the solar forecast assumed (null where the sky did not shape it).
/// </summary>
public sealed record ForecastInterval(
    DateTimeOffset StartUtc,
    int IntervalMinutes,
    QuantileForecast LoadKw,
    QuantileForecast? SolarKw,
    IReadOnlyDictionary<string, FlexibilityForecast> FlexibilityByType,
    DateTimeOffset IssuedUtc,
    string ModelVersion,
    DateTimeOffset InputsFromUtc,
    DateTimeOffset InputsToUtc,
    double? TemperatureC,
    double? CloudCoverPct = null);
