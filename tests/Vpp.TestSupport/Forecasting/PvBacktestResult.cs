using Vpp.Domain.Forecasting;

namespace Vpp.TestSupport.Forecasting;

/// <summary>
/// Day-ahead PV forecast scores over daylight intervals, RMSE as a fraction of nameplate. Skill is
/// 1 − RMSE(model) / RMSE(smart persistence). The statistical clear-sky model is the one the product runs (it needs
/// neither weather nor location); its 80 % interval coverage is the share of actuals inside [P10, P90]. Days on which
/// the array was derated (<see cref="PvDerating"/>) are left out of every score but <see cref="NrmseWeatherAllDays"/>.
/// The same model given the weather file's sky clearness as its forecast is scored as <see cref="NrmseStatisticalSkyClearness"/>.
/// </summary>
public sealed record PvBacktestResult(
    int Points,
    double NrmseWeather,
    double NrmseNoWeather,
    double NrmseSmartPersistence,
    double SkillNoWeather,
    double NrmseStatisticalClearSky,
    double SkillStatisticalClearSky,
    double CoverageStatisticalClearSky,
    double NrmseWeatherAllDays,
    int DeratedDays,
    double NrmseStatisticalSkyClearness,
    double CoverageStatisticalSkyClearness);
