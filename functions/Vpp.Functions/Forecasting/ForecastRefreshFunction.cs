using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Vpp.Application.Forecasting;
using Vpp.Functions.Hosting;

namespace Vpp.Functions.Forecasting;

/// <summary>ForecastRefresh: hourly at minute 5 (after the hour's last snapshot); forecasts every program and learns its devices' habits.</summary>
public sealed class ForecastRefreshFunction(ForecastService forecasts, ILogger<ForecastRefreshFunction> logger)
{
    public const string Name = "ForecastRefresh";

    [Function(Name)]
    public async Task Run([TimerTrigger("0 5 * * * *")] TimerInfo timer, CancellationToken cancellationToken) =>
        ProgramSweepOutcome.Report(await forecasts.RefreshAllAsync(cancellationToken), Name, "forecast", logger);
}
