namespace Vpp.Domain.Forecasting;

/// <summary>
/// Weather for a PV array on the power series' grid: global horizontal irradiance and its clear-sky beam, diffuse and
/// global components (W/m²), and air temperature (°C), as a satellite product such as NSRDB PSM3 delivers them.
/// </summary>
public sealed record PvWeather(RegularSeries GhiWm2, RegularSeries GhiClearWm2, RegularSeries DniClearWm2, RegularSeries DhiClearWm2, RegularSeries AirTemperatureC);
