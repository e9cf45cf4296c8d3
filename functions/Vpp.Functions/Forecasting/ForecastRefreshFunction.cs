using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using Vpp.Application.Dispatch;
using Vpp.Application.Forecasting;
using Vpp.Functions.Hosting;

namespace Vpp.Functions.Forecasting;

/// <summary>
/// ForecastRefresh: hourly at minute 5 (after the hour's last snapshot); forecasts every program and learns its devices'
/// habits, then proposes an event for tomorrow where the new forecast's peak is above the program's threshold.
/// </summary>
public sealed class ForecastRefreshFunction(ForecastService forecasts, EventProposer proposals, ILogger<ForecastRefreshFunction> logger)
{
    public const string Name = "ForecastRefresh";

    [Function(Name)]
    public async Task Run([TimerTrigger("0 5 * * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var forecasted = await forecasts.RefreshAllAsync(cancellationToken);
        var proposed = await proposals.ProposeAllAsync(cancellationToken);
        ProgramSweepOutcome.Report(forecasted, Name, "forecast", logger);
        ProgramSweepOutcome.Report(proposed, Name, "checked tomorrow's peak for", logger);
    }
}
