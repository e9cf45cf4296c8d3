namespace Vpp.Application.Forecasting;

/// <summary>
/// A device type's forecast flexibility for one interval: kW it can add (up) or shed (down), and the energy it can
/// sustain over the following hour in each direction.
/// </summary>
public sealed record FlexibilityForecast(QuantileForecast UpKw, QuantileForecast DownKw, QuantileForecast UpEnergyNextHourKwh, QuantileForecast DownEnergyNextHourKwh);
