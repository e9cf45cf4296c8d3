namespace Vpp.Domain.Forecasting;

/// <summary>
/// Day-ahead PV forecast scores over daylight intervals, RMSE as a fraction of nameplate. Skill is
/// 1 − RMSE(no-weather model) / RMSE(smart persistence).
/// </summary>
public sealed record PvBacktestResult(int Points, double NrmseWeather, double NrmseNoWeather, double NrmseSmartPersistence, double SkillNoWeather);
