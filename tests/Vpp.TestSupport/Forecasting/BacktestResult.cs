using Vpp.Domain.Forecasting;

namespace Vpp.TestSupport.Forecasting;

/// <summary>
/// Scores of a rolling-origin backtest over the test intervals. MAPE in percent; nMAE relative to mean load; MASE as
/// the model's MAE over the seasonal-naive (same interval a week earlier) MAE on the same intervals; pinball averaged
/// over the 10/50/90 % quantiles, in the series' unit; coverage as the fraction of actuals inside [P10, P90].
/// </summary>
public sealed record BacktestResult(
    int Points,
    double Mape,
    double NMae,
    double Mase,
    double NaiveMape,
    double PersistenceMape,
    double Pinball,
    double Coverage80);
